#pragma once
#include "auth/Principal.h"
#include "consistency/VisibilityGate.h"
#include "consistency/VisibilityToken.h"
#include "ingest/EventBuffer.h"
#include "services/AccessPolicy.h"
#include "storage/AgentRepository.h"
#include "storage/Database.h"
#include "storage/DecisionReader.h"
#include "storage/RunRepository.h"

#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// Agent runs and their events (reference §1.2): open and complete runs, append events through the
/// event buffer, read a run with its events. Agents write only their own runs (admin+ any run of the
/// org); reads follow AccessPolicy visibility. Every lookup is scoped by the caller's org, so another
/// org's run is "run not found". Thread-safe (stateless besides its collaborators).
class RunService
{
public:
    struct CreateRequest
    {
        std::string agentId;
        std::optional<std::string> traceId;
        std::optional<std::string> parentRunId;
        std::string metadata = "{}";
    };

    struct NewEvent
    {
        std::string eventType;
        std::optional<Timestamp::TimePoint> occurredAt; ///< default: when the request arrived
        std::string payload = "{}";
    };

    struct Written
    {
        storage::RunRecord run;
        consistency::VisibilityToken token;
    };

    struct RunDetail
    {
        storage::RunRecord run;
        std::vector<storage::EventRecord> events; ///< sequence order, at most kMaxEvents
        bool eventsTruncated = false;
        std::vector<storage::DecisionRecord> decisions; ///< every row version, at most kMaxDecisions
        std::int64_t totalDecisions = 0;
    };

    static constexpr std::size_t kMaxEvents = 10000;
    static constexpr int kMaxDecisions = 10000;

    RunService(storage::Database& database, storage::AgentRepository& agents, AccessPolicy& access,
               ingest::EventBuffer& events, storage::DecisionReader& decisions, consistency::VisibilityGate gate)
        : _database(database), _agents(agents), _access(access), _events(events), _decisions(decisions), _gate(gate)
    {
    }

    /// agent+. 400 naming `agent_id` (malformed, or no such agent in the org) or `parent_run_id` (not a
    /// UUID, or no such run in the org); 403 when a non-admin opens a run for another agent.
    Written create(const auth::Principal& caller, CreateRequest request);

    /// agent+. `status` completed | failed; `metadata` (JSON object text) is merged into the run's, its
    /// top-level keys winning. 404 "run not found"; 403 for another agent's run (non-admin); 409
    /// "run already completed" / "run already failed" when the run is not running.
    Written complete(const auth::Principal& caller, const std::string& runId, const std::string& status,
                     const std::string& metadata);

    /// reader+, visibility of the run's agent. Waits for `token` on the connection that then serves the
    /// whole read. 404 "run not found"; 403 "insufficient permissions"; 504 VISIBILITY_TIMEOUT.
    RunDetail get(const auth::Principal& caller, const std::string& runId,
                  const std::optional<consistency::VisibilityToken>& token);

    /// agent+, own run (admin+ any run of the org). Buffers `events` (non-empty) for the run; `durable`
    /// returns after they committed. Errors as `get` for the run, then as ingest::EventBuffer::append.
    ingest::EventBuffer::Receipt appendEvents(const auth::Principal& caller, const std::string& runId,
                                              std::vector<NewEvent> events, bool durable);

    /// 400 "<field> must be a UUID" for anything else.
    static void requireUuid(const std::string& field, const std::string& value);

private:
    storage::RunRecord ownRun(const auth::Principal& caller, const std::string& runId);

    storage::Database& _database;
    storage::AgentRepository& _agents;
    AccessPolicy& _access;
    ingest::EventBuffer& _events;
    storage::DecisionReader& _decisions;
    const consistency::VisibilityGate _gate;
};
} // namespace akashi::services
