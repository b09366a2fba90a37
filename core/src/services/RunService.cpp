#include "services/RunService.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "services/AgentService.h"

namespace akashi::services
{
namespace
{
[[noreturn]] void runNotFound()
{
    throw Exception(ErrorCode::notFound, "run not found");
}

[[noreturn]] void invalidField(const std::string& field, const std::string& problem)
{
    throw Exception(ErrorCode::invalidInput, "invalid request body: field \"" + field + "\" " + problem);
}
} // namespace

void RunService::requireUuid(const std::string& field, const std::string& value)
{
    if (!auth::RandomId::isUuid(value))
        throw Exception(ErrorCode::invalidInput, field + " must be a UUID");
}

RunService::Written RunService::create(const auth::Principal& caller, CreateRequest request)
{
    AccessPolicy::requireRole(caller, auth::Role::agent);
    AgentService::validateAgentId("agent_id", request.agentId);
    AccessPolicy::requireSelfOrAdmin(caller, request.agentId);
    if (!_agents.findByAgentId(caller.orgId, request.agentId))
        invalidField("agent_id", "must name an agent of the caller's org");
    auto connection = _database.connection();
    if (request.parentRunId)
    {
        if (!auth::RandomId::isUuid(*request.parentRunId))
            invalidField("parent_run_id", "must be a UUID");
        if (!storage::RunRepository::findById(*connection, caller.orgId, *request.parentRunId))
            invalidField("parent_run_id", "must name a run of the caller's org");
    }
    storage::NewRun run;
    run.orgId = caller.orgId;
    run.agentId = request.agentId;
    run.traceId = std::move(request.traceId);
    run.parentRunId = std::move(request.parentRunId);
    run.metadata = std::move(request.metadata);
    Written written{storage::RunRepository::insert(*connection, run), {}};
    written.token = consistency::VisibilityToken::afterCommit(*connection);
    return written;
}

storage::RunRecord RunService::ownRun(const auth::Principal& caller, const std::string& runId)
{
    AccessPolicy::requireRole(caller, auth::Role::agent);
    requireUuid("run_id", runId);
    auto connection = _database.connection();
    auto run = storage::RunRepository::findById(*connection, caller.orgId, runId);
    if (!run)
        runNotFound();
    AccessPolicy::requireSelfOrAdmin(caller, run->agentId);
    return std::move(*run);
}

RunService::Written RunService::complete(const auth::Principal& caller, const std::string& runId,
                                         const std::string& status, const std::string& metadata)
{
    if (status != "completed" && status != "failed")
        invalidField("status", "must be \"completed\" or \"failed\"");
    const auto run = ownRun(caller, runId);
    auto connection = _database.connection();
    auto completed = storage::RunRepository::complete(*connection, caller.orgId, runId, status, metadata);
    if (!completed)
    {
        // Not running any more (possibly completed by a concurrent request since ownRun read it).
        const auto now = storage::RunRepository::findById(*connection, caller.orgId, runId);
        if (!now)
            runNotFound();
        throw Exception(ErrorCode::conflict, "run already " + now->status);
    }
    Written written{std::move(*completed), {}};
    written.token = consistency::VisibilityToken::afterCommit(*connection);
    return written;
}

RunService::RunDetail RunService::get(const auth::Principal& caller, const std::string& runId,
                                      const std::optional<consistency::VisibilityToken>& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    requireUuid("run_id", runId);
    // Resolved before the lease so one request never holds two pooled connections at once.
    const auto visibility = _access.visibility(caller);
    auto connection = _database.connection();
    _gate.await(*connection, caller.orgId, token);
    auto run = storage::RunRepository::findById(*connection, caller.orgId, runId);
    if (!run)
        runNotFound();
    if (!visibility.allows(run->agentId))
        throw Exception(ErrorCode::forbidden, "insufficient permissions");
    auto page = storage::RunRepository::events(*connection, caller.orgId, runId, kMaxEvents);
    RunDetail detail{std::move(*run), std::move(page.events), page.truncated, {}, 0};
    detail.decisions = _decisions.forRun(*connection, caller.orgId, runId, kMaxDecisions, detail.totalDecisions);
    return detail;
}

ingest::EventBuffer::Receipt RunService::appendEvents(const auth::Principal& caller, const std::string& runId,
                                                      std::vector<NewEvent> events, bool durable)
{
    if (events.empty())
        invalidField("events", "must not be empty");
    const auto run = ownRun(caller, runId);
    const auto arrived = Timestamp::now();
    std::vector<storage::EventRecord> records;
    records.reserve(events.size());
    for (auto& event : events)
    {
        storage::EventRecord record;
        record.orgId = caller.orgId;
        record.agentId = run.agentId;
        record.eventType = std::move(event.eventType);
        record.occurredAt = event.occurredAt.value_or(arrived);
        record.payload = std::move(event.payload);
        records.push_back(std::move(record));
    }
    return _events.append(run.id, std::move(records), durable);
}
} // namespace akashi::services
