#pragma once
#include <akashi/telemetry/Exporter.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace akashi::telemetry
{
/// A monotonic count (e.g. conflicts detected). Lock-free.
class Counter
{
public:
    void add(std::uint64_t n = 1) noexcept { _value.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const noexcept { return _value.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> _value{0};
};

/// The last value set (e.g. outbox depth). Lock-free.
class Gauge
{
public:
    void set(double value) noexcept { _value.store(value, std::memory_order_relaxed); }
    double value() const noexcept { return _value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> _value{0};
};

/// Durations or sizes in fixed buckets (upper bounds, ascending; one overflow bucket).
class Histogram
{
public:
    explicit Histogram(std::vector<double> bounds);
    void record(double value) noexcept;
    /// Copies the state into `point` (count, sum, buckets).
    void fill(MetricPoint& point) const;

private:
    const std::vector<double> _bounds;
    mutable std::mutex _mutex;
    std::vector<std::uint64_t> _counts;
    std::uint64_t _count = 0;
    double _sum = 0;
};

/// The server's metric series, read by the exporter plugins (akashi/telemetry/Exporter.h) through
/// `collect`. Series are created on first use and live as long as the registry, so callers may keep
/// the references. One process-wide instance (`global`): metrics describe the process, not an object.
/// Thread-safe.
class MetricsRegistry
{
public:
    MetricsRegistry();
    static MetricsRegistry& global();

    /// Default bounds for millisecond durations: 1 ms to 10 s.
    static const std::vector<double>& durationBoundsMs();

    Counter& counter(const std::string& name, const std::string& description, const std::string& unit,
                     const Attributes& attributes = {});
    Gauge& gauge(const std::string& name, const std::string& description, const std::string& unit,
                 const Attributes& attributes = {});
    Histogram& histogram(const std::string& name, const std::string& description, const std::string& unit,
                         const Attributes& attributes = {}, const std::vector<double>& bounds = durationBoundsMs());

    /// Every series now, cumulative since the registry started.
    std::vector<MetricPoint> collect() const;

private:
    struct Series
    {
        MetricPoint meta; ///< name, description, unit, type, attributes
        std::unique_ptr<Counter> counter;
        std::unique_ptr<Gauge> gauge;
        std::unique_ptr<Histogram> histogram;
    };

    Series& series(const std::string& name, const std::string& description, const std::string& unit, MetricType type,
                   const Attributes& attributes);

    mutable std::mutex _mutex;
    std::map<std::string, Series> _series; ///< by name + attributes
    const std::uint64_t _startUnixNanos;
};
} // namespace akashi::telemetry
