#pragma once
#include <akashi/telemetry/Exporter.h>

#include <atomic>
#include <cstdint>
#include <functional>
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
    /// Refreshes series right before `collect` reads them, for values cheaper to sample than to track
    /// (pool sizes, buffer depth). Runs on the collecting thread, one collector at a time; it may create
    /// and set series but must not call `collect`. An exception propagates out of `collect`.
    using Collector = std::function<void(MetricsRegistry&)>;

    /// Keeps a collector registered; destroying it unregisters the collector, waiting for a run in
    /// progress, so the owner of what the collector reads can hold it as its last member. Move-only.
    class Registration
    {
    public:
        Registration() = default;
        Registration(MetricsRegistry& registry, std::uint64_t id) : _registry(&registry), _id(id) {}
        Registration(Registration&& other) noexcept;
        Registration& operator=(Registration&& other) noexcept;
        Registration(const Registration&) = delete;
        Registration& operator=(const Registration&) = delete;
        ~Registration();

    private:
        void release() noexcept;
        MetricsRegistry* _registry = nullptr;
        std::uint64_t _id = 0;
    };

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

    [[nodiscard]] Registration addCollector(Collector collector);

    /// Runs the collectors, then reads every series: cumulative since the registry started.
    std::vector<MetricPoint> collect();

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

    void removeCollector(std::uint64_t id) noexcept;

    mutable std::mutex _mutex;
    std::map<std::string, Series> _series; ///< by name + attributes
    /// Held while collectors run, before `_mutex` (which they take through counter()/gauge()).
    std::mutex _collectorsMutex;
    std::map<std::uint64_t, Collector> _collectors; ///< by registration id, in registration order
    std::uint64_t _nextCollectorId = 1;
    const std::uint64_t _startUnixNanos;
};
} // namespace akashi::telemetry
