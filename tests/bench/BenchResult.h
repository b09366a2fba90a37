#pragma once
#include "ClientTally.h"
#include "LatencySamples.h"

#include <cstdint>
#include <string>
#include <vector>

namespace akashi::bench
{
/// The outcome of one measurement: counts over the measured window (warm-up excluded) and the latency
/// of every counted operation (a request, or a committed COPY transaction).
struct BenchResult
{
    std::string mode;
    std::size_t clients = 0;
    double seconds = 0;         ///< measured wall time
    std::uint64_t operations = 0; ///< successful requests / committed transactions
    std::uint64_t rows = 0;     ///< events or rows durably written (0 for trace and query: see operations)
    std::uint64_t errors = 0;   ///< failed operations (bad status, transport error, database error)
    std::string firstError;     ///< the first failure, for the log
    LatencySamples latency;

    /// One machine-readable line: `akashi-bench mode=events clients=8 seconds=10.00 ops=.. ops_per_s=..
    /// rows=.. rows_per_s=.. errors=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. mean_ms=..`.
    std::string line();

    /// Adds one client's counts and samples.
    void add(const ClientTally& tally);
};
} // namespace akashi::bench
