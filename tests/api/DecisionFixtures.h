#pragma once
#include "storage/PgConnection.h"

#include <optional>
#include <string>

namespace akashi::test
{
/// A decision row as a test wants it; unset columns take the schema's defaults (valid_from,
/// transaction_time and created_at = now()). Times are SQL timestamptz text.
struct DecisionSpec
{
    std::string orgId = "00000000-0000-0000-0000-000000000000";
    std::string agentId = "alice";
    std::string decisionType = "architecture";
    std::string outcome = "use postgres";
    double confidence = 0.8;
    std::optional<std::string> reasoning;
    std::optional<std::string> runId; ///< a fresh run of the agent when unset
    std::optional<std::string> validFrom;
    std::optional<std::string> transactionTime; ///< defaults to validFrom when that is set
    std::optional<std::string> supersedesId;
    std::optional<std::string> precedentRef;
    std::optional<std::string> project;
    std::optional<std::string> sessionId;
    std::optional<std::string> tool;
    std::optional<std::string> model;
    std::optional<std::string> contentHash;
    double completenessScore = 0.5;
    std::string metadata = "{}";
};

/// Inserts decisions, their children, runs and conflicts directly with SQL (as POST /v1/trace will),
/// so the read APIs can be tested on their own.
class DecisionFixtures
{
public:
    explicit DecisionFixtures(storage::PgConnection& sql) : _sql(sql) {}

    std::string insertRun(const std::string& orgId, const std::string& agentId,
                          const std::optional<std::string>& traceId = std::nullopt);
    /// Returns the new decision's id.
    std::string insertDecision(const DecisionSpec& spec);
    /// A revision: closes `previousId` at the new row's valid_from and links it by supersedes_id.
    std::string revise(const std::string& previousId, DecisionSpec spec);
    std::string insertAlternative(const std::string& decisionId, const std::string& orgId, const std::string& label,
                                  const std::optional<std::string>& rejectionReason = std::nullopt);
    std::string insertEvidence(const std::string& decisionId, const std::string& orgId, const std::string& sourceType,
                               const std::string& content,
                               const std::optional<std::string>& sourceUri = std::nullopt);
    std::string insertConflict(const std::string& orgId, const std::string& decisionA, const std::string& decisionB,
                               const std::string& decisionType, const std::string& status = "open");

private:
    storage::PgConnection& _sql;
};
} // namespace akashi::test
