#include "telemetry/MetricsRegistry.h"

#include "common/Exception.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace akashi::telemetry
{
namespace
{
std::uint64_t nowUnixNanos()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::string attributeText(const AttributeValue& value)
{
    if (const auto* s = std::get_if<std::string>(&value))
        return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&value))
        return std::to_string(*d);
    return std::get<bool>(value) ? "true" : "false";
}

std::string seriesKey(const std::string& name, const Attributes& attributes)
{
    std::string key = name;
    for (const auto& [k, v] : attributes)
        key += '\x1f' + k + '=' + attributeText(v);
    return key;
}
} // namespace

Histogram::Histogram(std::vector<double> bounds) : _bounds(std::move(bounds)), _counts(_bounds.size() + 1, 0) {}

void Histogram::record(double value) noexcept
{
    const auto bucket = static_cast<std::size_t>(std::lower_bound(_bounds.begin(), _bounds.end(), value) - _bounds.begin());
    std::lock_guard lock(_mutex);
    ++_counts[bucket];
    ++_count;
    _sum += value;
}

void Histogram::fill(MetricPoint& point) const
{
    std::lock_guard lock(_mutex);
    point.bucketBounds = _bounds;
    point.bucketCounts = _counts;
    point.count = _count;
    point.value = _sum;
}

MetricsRegistry::MetricsRegistry() : _startUnixNanos(nowUnixNanos()) {}

MetricsRegistry& MetricsRegistry::global()
{
    static MetricsRegistry registry;
    return registry;
}

const std::vector<double>& MetricsRegistry::durationBoundsMs()
{
    static const std::vector<double> bounds{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    return bounds;
}

MetricsRegistry::Series& MetricsRegistry::series(const std::string& name, const std::string& description,
                                                 const std::string& unit, MetricType type, const Attributes& attributes)
{
    auto [it, inserted] = _series.try_emplace(seriesKey(name, attributes));
    Series& s = it->second;
    if (inserted)
    {
        s.meta.name = name;
        s.meta.description = description;
        s.meta.unit = unit;
        s.meta.type = type;
        s.meta.attributes = attributes;
    }
    else if (s.meta.type != type)
        throw Exception(ErrorCode::internal, "metric " + name + " registered twice with different types");
    return s;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& description, const std::string& unit,
                                  const Attributes& attributes)
{
    std::lock_guard lock(_mutex);
    Series& s = series(name, description, unit, MetricType::counter, attributes);
    if (!s.counter)
        s.counter = std::make_unique<Counter>();
    return *s.counter;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& description, const std::string& unit,
                              const Attributes& attributes)
{
    std::lock_guard lock(_mutex);
    Series& s = series(name, description, unit, MetricType::gauge, attributes);
    if (!s.gauge)
        s.gauge = std::make_unique<Gauge>();
    return *s.gauge;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& description, const std::string& unit,
                                      const Attributes& attributes, const std::vector<double>& bounds)
{
    std::lock_guard lock(_mutex);
    Series& s = series(name, description, unit, MetricType::histogram, attributes);
    if (!s.histogram)
        s.histogram = std::make_unique<Histogram>(bounds);
    return *s.histogram;
}

MetricsRegistry::Registration::Registration(Registration&& other) noexcept
    : _registry(std::exchange(other._registry, nullptr)), _id(other._id)
{
}

MetricsRegistry::Registration& MetricsRegistry::Registration::operator=(Registration&& other) noexcept
{
    if (this != &other)
    {
        release();
        _registry = std::exchange(other._registry, nullptr);
        _id = other._id;
    }
    return *this;
}

MetricsRegistry::Registration::~Registration()
{
    release();
}

void MetricsRegistry::Registration::release() noexcept
{
    if (_registry)
        std::exchange(_registry, nullptr)->removeCollector(_id);
}

MetricsRegistry::Registration MetricsRegistry::addCollector(Collector collector)
{
    std::lock_guard lock(_collectorsMutex);
    const std::uint64_t id = _nextCollectorId++;
    _collectors.emplace(id, std::move(collector));
    return Registration(*this, id);
}

void MetricsRegistry::removeCollector(std::uint64_t id) noexcept
{
    std::lock_guard lock(_collectorsMutex);
    _collectors.erase(id);
}

std::vector<MetricPoint> MetricsRegistry::collect()
{
    {
        std::lock_guard collecting(_collectorsMutex);
        for (const auto& [id, collector] : _collectors)
            collector(*this);
    }
    const std::uint64_t now = nowUnixNanos();
    std::lock_guard lock(_mutex);
    std::vector<MetricPoint> points;
    points.reserve(_series.size());
    for (const auto& [key, s] : _series)
    {
        MetricPoint point = s.meta;
        point.startUnixNanos = _startUnixNanos;
        point.timeUnixNanos = now;
        if (s.counter)
            point.value = static_cast<double>(s.counter->value());
        else if (s.gauge)
            point.value = s.gauge->value();
        else if (s.histogram)
            s.histogram->fill(point);
        points.push_back(std::move(point));
    }
    return points;
}
} // namespace akashi::telemetry
