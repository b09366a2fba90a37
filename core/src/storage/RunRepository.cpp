#include "storage/RunRepository.h"

#include "common/Timestamp.h"

namespace akashi::storage
{
namespace
{
const std::string kRunColumns = "id, org_id, agent_id, trace_id, parent_run_id, status, started_at, completed_at, "
                                "metadata::text AS metadata, created_at";

RunRecord toRun(const PgResult& result, int row)
{
    RunRecord run;
    run.id = result.text(row, "id");
    run.orgId = result.text(row, "org_id");
    run.agentId = result.text(row, "agent_id");
    run.traceId = result.optionalText(row, "trace_id");
    run.parentRunId = result.optionalText(row, "parent_run_id");
    run.status = result.text(row, "status");
    run.startedAt = Timestamp::postgresToRfc3339(result.text(row, "started_at"));
    if (auto completed = result.optionalText(row, "completed_at"))
        run.completedAt = Timestamp::postgresToRfc3339(*completed);
    run.metadata = result.text(row, "metadata");
    run.createdAt = Timestamp::postgresToRfc3339(result.text(row, "created_at"));
    return run;
}

std::optional<RunRecord> first(const PgResult& result)
{
    return result.rows() > 0 ? std::optional<RunRecord>(toRun(result, 0)) : std::nullopt;
}
} // namespace

RunRecord RunRepository::insert(PgConnection& connection, const NewRun& run)
{
    return toRun(connection.exec("INSERT INTO agent_runs (org_id, agent_id, trace_id, parent_run_id, metadata) "
                                  "VALUES ($1::uuid, $2, $3, $4::uuid, $5::jsonb) RETURNING " + kRunColumns,
                                  SqlParams().add(run.orgId).add(run.agentId).add(run.traceId).add(run.parentRunId)
                                      .add(run.metadata)),
                 0);
}

std::optional<RunRecord> RunRepository::findById(const std::string& orgId, const std::string& runId)
{
    auto connection = _database.connection();
    return findById(*connection, orgId, runId);
}

std::optional<RunRecord> RunRepository::findById(PgConnection& connection, const std::string& orgId,
                                                 const std::string& runId)
{
    return first(connection.exec("SELECT " + kRunColumns + " FROM agent_runs WHERE org_id = $1::uuid AND id = $2::uuid",
                                 SqlParams().add(orgId).add(runId)));
}

std::optional<RunRecord> RunRepository::complete(PgConnection& connection, const std::string& orgId,
                                                 const std::string& runId, const std::string& status,
                                                 const std::string& metadata)
{
    return first(connection.exec("UPDATE agent_runs SET status = $3, completed_at = now(), "
                                  "metadata = metadata || $4::jsonb "
                                  "WHERE org_id = $1::uuid AND id = $2::uuid AND status = 'running' "
                                  "RETURNING " + kRunColumns,
                                  SqlParams().add(orgId).add(runId).add(status).add(metadata)));
}

RunRepository::EventPage RunRepository::events(PgConnection& connection, const std::string& orgId,
                                               const std::string& runId, std::size_t limit)
{
    // One row past the cap tells whether the page is truncated without counting the whole run.
    auto result = connection.exec("SELECT id, run_id, org_id, event_type, sequence_num, occurred_at, agent_id, "
                                  "payload::text AS payload, created_at FROM agent_events "
                                  "WHERE org_id = $1::uuid AND run_id = $2::uuid ORDER BY sequence_num LIMIT $3",
                                  SqlParams().add(orgId).add(runId).add(static_cast<std::int64_t>(limit + 1)));
    EventPage page;
    const int rows = result.rows();
    page.truncated = static_cast<std::size_t>(rows) > limit;
    const int keep = page.truncated ? static_cast<int>(limit) : rows;
    page.events.reserve(static_cast<std::size_t>(keep));
    for (int row = 0; row < keep; ++row)
    {
        EventRecord event;
        event.id = result.text(row, "id");
        event.runId = result.text(row, "run_id");
        event.orgId = result.text(row, "org_id");
        event.eventType = result.text(row, "event_type");
        event.sequenceNum = result.int64(row, "sequence_num");
        event.occurredAt = Timestamp::fromPostgres(result.text(row, "occurred_at"));
        event.agentId = result.text(row, "agent_id");
        event.payload = result.text(row, "payload");
        event.createdAt = Timestamp::postgresToRfc3339(result.text(row, "created_at"));
        page.events.push_back(std::move(event));
    }
    return page;
}
} // namespace akashi::storage
