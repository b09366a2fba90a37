#pragma once
#include <cstdint>
#include <vector>

namespace akashi::bench
{
/// Every latency sample of a measurement, in microseconds. Each client thread fills its own instance
/// (no locking); the driver merges them after joining the threads. Percentiles are exact (nearest rank
/// over all samples), not estimated from buckets.
class LatencySamples
{
public:
    void add(std::int64_t micros) { _micros.push_back(micros); }
    void merge(const LatencySamples& other);
    std::size_t size() const noexcept { return _micros.size(); }

    /// Nearest-rank percentile in milliseconds, `p` in (0, 100]; 0 when there are no samples.
    /// Sorts the samples on first use after a change.
    double percentileMillis(double p);
    double maxMillis();
    double meanMillis() const;

private:
    void sort();

    std::vector<std::int64_t> _micros;
    bool _sorted = false;
};
} // namespace akashi::bench
