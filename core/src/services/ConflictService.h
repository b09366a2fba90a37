#pragma once
#include "auth/Principal.h"
#include "consistency/VisibilityGate.h"
#include "consistency/VisibilityToken.h"
#include "services/AccessPolicy.h"
#include "services/ConflictRecommendation.h"
#include "storage/ConflictRepository.h"
#include "storage/Database.h"
#include "storage/DecisionReader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// The conflicts API (reference §6): list, read and resolve rows of `scored_conflicts`. A conflict is
/// visible when both of its agents are (AccessPolicy; admin+ sees the whole org). Reads are reader+,
/// org-scoped (another org's conflict is "conflict not found"), filtered by visibility in SQL, and wait
/// for `token` on the very connection that then serves them. Only an **open** conflict changes status:
/// resolved and false_positive are final here, so a second PATCH is 409 rather than silently rewriting
/// who resolved it and why. Thread-safe (no state besides its collaborators).
class ConflictService
{
public:
    using Token = std::optional<consistency::VisibilityToken>;

    struct Page
    {
        std::vector<storage::ConflictRecord> conflicts;
        std::int64_t total = 0;
    };

    struct Detail
    {
        storage::ConflictRecord conflict;
        std::optional<ConflictRecommendation::Recommendation> recommendation; ///< open conflicts only
    };

    /// PATCH /v1/conflicts/{id}, as decoded (types and lengths checked); values are checked here.
    struct StatusChange
    {
        std::string status;
        std::optional<std::string> resolutionNote;
        std::optional<std::string> winningDecisionId;
        std::optional<std::string> falsePositiveLabel;
    };

    struct Updated
    {
        storage::ConflictRecord conflict;
        consistency::VisibilityToken token;
    };

    ConflictService(storage::Database& database, AccessPolicy& access, storage::ConflictRepository& conflicts,
                    storage::DecisionReader& decisions, consistency::VisibilityGate gate)
        : _database(database), _access(access), _conflicts(conflicts), _decisions(decisions), _gate(gate)
    {
    }

    /// GET /v1/conflicts: visible conflicts matching `filter`, newest first, exact total.
    Page list(const auth::Principal& caller, const storage::ConflictRepository::Filter& filter, int limit, int offset,
              const Token& token);

    /// GET /v1/conflicts/{id}: 400 "conflict id must be a UUID", 404 "conflict not found", 403 when either
    /// agent is not visible; an open conflict carries a recommendation when the signals are clear enough.
    Detail get(const auth::Principal& caller, const std::string& id, const Token& token);

    /// PATCH /v1/conflicts/{id}: agent+ and both agents visible (403). 400 naming the field: `status` not
    /// resolved | false_positive; `winning_decision_id` not a UUID, without status resolved, or not one of
    /// the pair; `false_positive_label` not unrelated_false_positive | related_not_contradicting or without
    /// status false_positive (default unrelated_false_positive); `resolution_note` over 8 KiB.
    /// 404 as `get`; 409 "conflict already resolved" / "conflict already marked false_positive".
    /// resolved_by is the caller's agent_id, resolved_at the database's now().
    Updated patch(const auth::Principal& caller, const std::string& id, const StatusChange& change);

    /// GET /v1/decisions/{id}/conflicts: 400 "decision id must be a UUID", 404 "decision not found" (also
    /// another org's), 403 when the decision's agent is not visible; then its visible conflicts.
    Page forDecision(const auth::Principal& caller, const std::string& decisionId,
                     const std::optional<std::string>& status, int limit, int offset, const Token& token);

    static constexpr std::size_t kMaxResolutionNoteBytes = 8 * 1024;

private:
    std::optional<ConflictRecommendation::Recommendation> recommend(storage::PgConnection& connection,
                                                                    const storage::DecisionScope& scope,
                                                                    const storage::ConflictRecord& conflict);

    storage::Database& _database;
    AccessPolicy& _access;
    storage::ConflictRepository& _conflicts;
    storage::DecisionReader& _decisions;
    consistency::VisibilityGate _gate;
};
} // namespace akashi::services
