#include "consistency/VisibilityGate.h"

#include "common/Exception.h"
#include "storage/PgConnection.h"
#include "telemetry/MetricsRegistry.h"

#include <algorithm>
#include <thread>

namespace akashi::consistency
{
VisibilityGate::VisibilityGate(std::chrono::milliseconds timeout)
    : _timeout(timeout),
      _latency(telemetry::MetricsRegistry::global().histogram(
          "akashi.consistency.write_to_visible_latency",
          "Time a read with min_visibility_token waited until that write was visible to its connection", "ms")),
      _timeouts(telemetry::MetricsRegistry::global().counter(
          "akashi.consistency.visibility_timeouts",
          "Reads with min_visibility_token that gave up after AKASHI_VISIBILITY_WAIT_TIMEOUT (504)", "1"))
{
}

void VisibilityGate::await(storage::PgConnection& connection, const std::string& orgId,
                           const std::optional<VisibilityToken>& token) const
{
    if (!token)
        return;
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + _timeout;
    // Short first waits: on the primary a committed write is visible at once, and a buffered batch
    // commits within the flush timeout (100 ms by default).
    auto pause = std::chrono::milliseconds(2);
    while (!visible(connection, orgId, *token))
    {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
        {
            _timeouts.add();
            throw Exception(ErrorCode::visibilityTimeout,
                            "write not visible within " + std::to_string(_timeout.count()) + " ms");
        }
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
    _latency.record(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
}

bool VisibilityGate::visible(storage::PgConnection& connection, const std::string& orgId,
                             const VisibilityToken& token) const
{
    // pg_last_wal_replay_lsn() is NULL on a standby that has replayed nothing yet: not visible.
    auto result = connection.exec(
        "SELECT COALESCE((CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)"
        " >= $1::pg_lsn, false) AS lsn_reached,"
        " ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM agent_events WHERE org_id = $3::uuid AND run_id = $2::uuid"
        " AND sequence_num = $4::bigint)) AS events_written",
        storage::SqlParams()
            .add(VisibilityToken::formatLsn(token.lsn))
            .add(token.runId)
            .add(orgId)
            .add(token.sequenceNum));
    return result.boolean(0, "lsn_reached") && result.boolean(0, "events_written");
}
} // namespace akashi::consistency
