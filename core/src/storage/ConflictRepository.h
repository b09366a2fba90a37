#pragma once
#include "storage/DecisionRecord.h"
#include "storage/PgConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// Reads and lifecycle writes of `scored_conflicts` (rows are inserted by the detector). Every statement
/// is scoped by org; scoped reads push the caller's visibility into SQL (both agents visible), so totals
/// are exact. Each method runs on the connection the caller holds, so a read follows the visibility
/// token the caller waited for on it. Stateless and thread-safe; the connection is not.
class ConflictRepository
{
public:
    /// Filters of GET /v1/conflicts; an empty member does not filter. Enumerated values are checked by
    /// the caller (the table's CHECKs would turn a typo into an empty page, not an error).
    struct Filter
    {
        std::optional<std::string> decisionType;
        std::optional<std::string> agentId; ///< either side
        std::optional<std::string> conflictKind;
        std::optional<std::string> status;
        std::optional<std::string> severity;
        std::optional<std::string> category;
        std::optional<std::string> project; ///< either decision's project
    };

    /// What a PATCH writes; resolved_at is the database's now().
    struct StatusChange
    {
        std::string status; ///< resolved | false_positive
        std::string resolvedBy;
        std::optional<std::string> resolutionNote;
        std::optional<std::string> winningDecisionId;
        std::optional<std::string> falsePositiveLabel;
    };

    /// Past conflicts of one agent that were resolved with a winner, against another agent.
    struct WinRecord
    {
        std::int64_t decided = 0;
        std::int64_t wins = 0;
    };

    /// Visible conflicts matching `filter`, newest detected first (ties by id); `total` counts every match.
    std::vector<ConflictRecord> list(PgConnection& connection, const DecisionScope& scope, const Filter& filter,
                                     int limit, int offset, std::int64_t& total);

    /// One conflict of the org, whoever its agents are: the caller decides between 403 and success.
    std::optional<ConflictRecord> byId(PgConnection& connection, const std::string& orgId, const std::string& id);

    /// Visible conflicts with `decisionId` on either side, optionally of one status, newest first.
    std::vector<ConflictRecord> forDecision(PgConnection& connection, const DecisionScope& scope,
                                            const std::string& decisionId, const std::optional<std::string>& status,
                                            int limit, int offset, std::int64_t& total);

    /// Moves an **open** conflict to `change.status` in one statement and returns the updated row;
    /// nullopt when the org has no such conflict or it is no longer open (a concurrent PATCH that won the
    /// row lock), which the caller tells apart by reading it again.
    std::optional<ConflictRecord> updateStatus(PgConnection& connection, const std::string& orgId,
                                               const std::string& id, const StatusChange& change);

    /// `agentId`'s record over visible resolved conflicts with a winner in which it was exactly one side
    /// (self-contradictions say nothing about an agent against others).
    WinRecord winRecord(PgConnection& connection, const DecisionScope& scope, const std::string& agentId);

    /// How many decisions `decisionId` revises through its supersedes chain (0 for an original), counted
    /// up to kMaxRevisionDepth.
    int revisionDepth(PgConnection& connection, const std::string& orgId, const std::string& decisionId);

    static constexpr int kMaxRevisionDepth = 100;
};
} // namespace akashi::storage
