#pragma once
#include "BenchOptions.h"
#include "BenchResult.h"
#include "ClientTally.h"
#include "MeasurementWindow.h"
#include "Workload.h"

namespace akashi::bench
{
/// Drives a workload with `options.clients` threads, each on its own keep-alive connection, sending
/// the next request as soon as the previous answer is read (closed loop). A request counts when it
/// completes inside the measured window (after the warm-up, before the deadline); requests still in
/// flight at the deadline are not counted. Threads are joined before run() returns.
class HttpLoad
{
public:
    explicit HttpLoad(const BenchOptions& options);

    BenchResult run(const Workload& workload);

private:
    /// One client's closed loop until the window closes.
    void drive(const Workload& workload, const MeasurementWindow& window, std::size_t client, ClientTally& tally) const;

    const BenchOptions& _options;
};
} // namespace akashi::bench
