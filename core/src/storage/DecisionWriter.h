#pragma once
#include "common/Timestamp.h"
#include "services/TraceRequest.h"
#include "storage/PgConnection.h"

#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// A decision row as POST /v1/trace writes it; everything hashed or generated is decided by the caller
/// (id, valid_from, content_hash) so the hash can be computed before the insert.
struct NewDecision
{
    std::string id;
    std::string orgId;
    std::string agentId;
    std::optional<std::string> traceId; ///< stored on the run
    std::string decisionType;
    std::string outcome;
    float confidence = 0;
    std::optional<std::string> reasoning;
    std::string metadata = "{}";
    std::optional<std::string> precedentRef;
    std::optional<std::string> precedentReason;
    std::optional<std::string> supersedesId; ///< closed (valid_to = validFrom) by the same statement
    std::string contentHash;
    Timestamp::TimePoint validFrom; ///< also transaction_time and the run's start and completion
    std::optional<std::string> sessionId;
    std::optional<std::string> agentContext; ///< JSON object text
    std::optional<std::string> tool;
    std::optional<std::string> model;
    std::vector<services::TraceAlternative> alternatives;
    std::vector<services::TraceEvidence> evidence;
};

/// The write side of decisions, used inside the caller's transaction (storage::Database::transaction):
/// every method takes the transaction's connection and scopes every statement by org. Stateless and
/// thread-safe (the connection is the caller's).
class DecisionWriter
{
public:
    struct Written
    {
        std::string runId;
        std::int64_t alternatives = 0;
        std::int64_t evidence = 0;
    };

    /// The revision target of `supersedes_id`, locked FOR UPDATE until the transaction ends so that two
    /// concurrent revisions of one decision serialise (the second then sees it closed).
    struct LockedDecision
    {
        bool current = false; ///< valid_to IS NULL
        Timestamp::TimePoint validFrom;
    };

    static bool agentExists(PgConnection& connection, const std::string& orgId, const std::string& agentId);

    /// Registers `agentId` in the org with role agent and no API key; a concurrent registration wins quietly.
    static void registerAgent(PgConnection& connection, const std::string& orgId, const std::string& agentId);

    static bool decisionExists(PgConnection& connection, const std::string& orgId, const std::string& decisionId);

    /// nullopt when the org has no such decision.
    static std::optional<LockedDecision> lockForRevision(PgConnection& connection, const std::string& orgId,
                                                         const std::string& decisionId);

    /// One call of `akashi_record_decision` (migration 0006: data-modifying CTEs in a PL/pgSQL function, so
    /// the plan is cached per connection; alternatives and evidence passed as JSON arrays): the run
    /// (completed), the decision, its alternatives and evidence, the outbox 'upsert' (attempts reset when
    /// re-queued), and for a revision the closing of the old row and its outbox 'delete'. No NOTIFY
    /// here: a transaction that notifies holds PostgreSQL's global notify lock through its commit, which
    /// serialises every such commit (5x fewer commits/s measured at 32 clients). Announcing new
    /// decisions belongs to the notify transport, outside this transaction.
    /// Throws akashi::Exception(internal) when a revision target was not closed (it must be locked and
    /// current, see lockForRevision).
    static Written insert(PgConnection& connection, const NewDecision& decision);
};
} // namespace akashi::storage
