#pragma once
#include "auth/Principal.h"
#include "consistency/VisibilityGate.h"
#include "consistency/VisibilityToken.h"
#include "services/AccessPolicy.h"
#include "storage/AssessmentRepository.h"
#include "storage/Database.h"
#include "storage/DecisionReader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// Outcome assessments of decisions (reference HEAD: POST /v1/decisions/{id}/assess, GET …/assessments,
/// MCP akashi_assess). Assessing needs the agent role, listing the reader role. The decision is looked
/// up in the caller's org only, so another org's decision is "decision not found" (404) exactly like an
/// unknown one; a decision of the caller's org whose agent the caller may not see is 403 "insufficient
/// permissions", as GET /v1/decisions/{id} answers. Any row version (current or superseded) may be
/// assessed: an assessment judges the decision as it was made. Thread-safe (no state besides its
/// collaborators).
class AssessmentService
{
public:
    using Token = std::optional<consistency::VisibilityToken>;

    struct Recorded
    {
        storage::AssessmentRecord assessment;
        consistency::VisibilityToken token;
    };

    struct Page
    {
        std::vector<storage::AssessmentRecord> assessments;
        std::int64_t total = 0;
    };

    AssessmentService(storage::Database& database, AccessPolicy& access, storage::AssessmentRepository& assessments,
                      storage::DecisionReader& decisions, consistency::VisibilityGate gate)
        : _database(database), _access(access), _assessments(assessments), _decisions(decisions), _gate(gate)
    {
    }

    /// Order of the checks: role (403), decision id a UUID (400 "decision id must be a UUID"), `outcome`
    /// one of kOutcomes (400 naming `outcome`), `notes` at most kMaxNotesBytes (400 naming `notes`),
    /// decision exists in the org (404), its agent visible (403). The assessor is the caller.
    Recorded assess(const auth::Principal& caller, const std::string& decisionId, const std::string& outcome,
                    const std::optional<std::string>& notes);

    /// Newest first, with the exact total; 400/403/404 about the decision as `assess`.
    Page list(const auth::Principal& caller, const std::string& decisionId, int limit, int offset, const Token& token);

    /// Counts per outcome for a decision the caller has already been allowed to read (GET /v1/decisions/{id}).
    storage::AssessmentSummary summary(const auth::Principal& caller, const std::string& decisionId);

    /// 400 `invalid request body: field "outcome" must be one of correct, incorrect, partially_correct`
    /// unless `outcome` is one of them (the MCP tool's argument has the same name).
    static void validateOutcome(const std::string& outcome);
    /// 400 `invalid request body: field "notes" must be at most 8192 bytes` when longer.
    static void validateNotes(const std::optional<std::string>& notes);

    static constexpr std::size_t kMaxNotesBytes = 8 * 1024;
    static constexpr const char* kOutcomes[] = {"correct", "incorrect", "partially_correct"};

private:
    /// 400/404/403 for `decisionId` as seen by `caller`, on `connection`.
    void requireVisibleDecision(storage::PgConnection& connection, const storage::DecisionScope& scope,
                                const std::string& decisionId);

    storage::Database& _database;
    AccessPolicy& _access;
    storage::AssessmentRepository& _assessments;
    storage::DecisionReader& _decisions;
    consistency::VisibilityGate _gate;
};
} // namespace akashi::services
