#pragma once
#include "auth/Principal.h"
#include "consistency/VisibilityToken.h"
#include "services/TraceRequest.h"
#include "storage/Database.h"

#include <functional>
#include <string>

namespace akashi::services
{
/// POST /v1/trace: records a decision with its run, alternatives, evidence, content hash and search
/// outbox entry in one transaction (reference §4, docs/integrity.md for the hash). Thread-safe (state is
/// the database's).
class TraceService
{
public:
    struct Recorded
    {
        std::string runId;
        std::string decisionId;
        int eventCount = 0; ///< alternatives + evidence + 1
        consistency::VisibilityToken token;
    };

    explicit TraceService(storage::Database& database) : _database(database) {}

    /// Rules, in order:
    /// - agent role or above, and non-admins only for their own agent_id (403 `insufficient permissions`);
    /// - an agent_id unknown in the org is registered (role agent, no key) when the caller is admin+,
    ///   else 400 naming agent_id;
    /// - `precedent_ref` must name a decision of the org (400 naming it);
    /// - `supersedes_id` must name a decision of the org (400 naming it) that is still current (400
    ///   `decision <id> already superseded`); it is locked, closed at the new valid_from and queued for
    ///   deletion from the search index in the same transaction.
    /// The returned token covers the commit.
    Recorded record(const auth::Principal& caller, const TraceRequest& request);

    /// The agent_context column: `{"server": {tool, tool_version, model}, "client": <context>}` with only
    /// the parts the request has; nullopt when it has none.
    static std::optional<std::string> agentContext(const TraceRequest& request);

    /// Called after every committed trace (the stream relay publishes it at once). Set before requests
    /// are served and cleared after they stop: not synchronised.
    void onCommitted(std::function<void()> hook) { _committed = std::move(hook); }

private:
    storage::Database& _database;
    std::function<void()> _committed;
};
} // namespace akashi::services
