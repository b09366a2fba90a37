#pragma once
#include "BenchOptions.h"
#include "BenchResult.h"
#include "ClientTally.h"
#include "MeasurementWindow.h"

namespace akashi::bench
{
/// The ceiling HTTP ingestion is compared with: rows COPYed straight into agent_events through libpq,
/// `options.batch` rows per transaction (BEGIN; COPY ... FROM STDIN; COMMIT), on `options.clients`
/// connections (one thread each). Rows have the shape the server's flusher writes: client-generated
/// UUIDv4 id, run_id, org_id, event_type, sequence_num, occurred_at (now), agent_id, payload (the
/// events workload's payload). Sequence numbers come from a per-connection counter, not the database
/// sequence: the baseline is the cost of the COPY and the commit alone.
class CopyBaseline
{
public:
    explicit CopyBaseline(const BenchOptions& options);

    /// Each committed transaction is one operation; its latency is BEGIN to COMMIT acknowledged.
    BenchResult run();

private:
    /// One connection's transactions until the window closes.
    void drive(const MeasurementWindow& window, ClientTally& tally) const;

    const BenchOptions& _options;
};
} // namespace akashi::bench
