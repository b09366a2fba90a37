#include "OtlpJson.h"

#include "JsonWriter.h"

#include <cmath>
#include <map>
#include <variant>

namespace akashi::plugins::exporter::otlp
{
namespace
{
using telemetry::MetricPoint;
using telemetry::MetricType;

constexpr int kSpanKindServer = 2;
constexpr int kStatusCodeError = 2;
constexpr int kTemporalityCumulative = 2;

void attributes(JsonWriter& json, const telemetry::Attributes& attributes)
{
    json.beginArray();
    for (const auto& [key, value] : attributes)
    {
        json.beginObject().key("key").string(key).key("value").beginObject();
        if (const auto* s = std::get_if<std::string>(&value))
            json.key("stringValue").string(*s);
        else if (const auto* i = std::get_if<std::int64_t>(&value))
            json.key("intValue").string(std::to_string(*i));
        else if (const auto* d = std::get_if<double>(&value))
            json.key("doubleValue").number(*d);
        else
            json.key("boolValue").boolean(std::get<bool>(value));
        json.endObject().endObject();
    }
    json.endArray();
}

/// `{"resource": ..., "<scopeList>": [{"scope": ...,` — the caller writes its list and closes both.
void openResource(JsonWriter& json, const OtlpJson::Resource& resource, const char* scopeList)
{
    json.beginObject().key("resource").beginObject().key("attributes");
    attributes(json, {{"service.name", resource.serviceName}});
    json.endObject();
    json.key(scopeList).beginArray().beginObject();
    json.key("scope").beginObject().key("name").string(resource.scopeName).endObject();
}

void closeResource(JsonWriter& json)
{
    json.endObject().endArray().endObject();
}

std::string nanos(std::uint64_t value)
{
    return std::to_string(value);
}

void pointTimes(JsonWriter& json, const MetricPoint& point)
{
    json.key("startTimeUnixNano").string(nanos(point.startUnixNanos));
    json.key("timeUnixNano").string(nanos(point.timeUnixNanos));
}

bool wholeNumber(double value)
{
    return std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 9.2e18;
}

void dataPoint(JsonWriter& json, const MetricPoint& point)
{
    json.beginObject().key("attributes");
    attributes(json, point.attributes);
    pointTimes(json, point);
    if (point.type == MetricType::histogram)
    {
        json.key("count").string(std::to_string(point.count));
        json.key("sum").number(point.value);
        json.key("bucketCounts").beginArray();
        for (const auto count : point.bucketCounts)
            json.string(std::to_string(count));
        json.endArray().key("explicitBounds").beginArray();
        for (const double bound : point.bucketBounds)
            json.number(bound);
        json.endArray();
    }
    else if (point.type == MetricType::counter && wholeNumber(point.value))
        json.key("asInt").string(std::to_string(static_cast<std::int64_t>(point.value)));
    else
        json.key("asDouble").number(point.value);
    json.endObject();
}

void metric(JsonWriter& json, const std::vector<const MetricPoint*>& points)
{
    const MetricPoint& first = *points.front();
    json.beginObject().key("name").string(first.name).key("description").string(first.description);
    json.key("unit").string(first.unit);
    switch (first.type)
    {
    case MetricType::counter: json.key("sum"); break;
    case MetricType::gauge: json.key("gauge"); break;
    case MetricType::histogram: json.key("histogram"); break;
    }
    json.beginObject().key("dataPoints").beginArray();
    for (const MetricPoint* point : points)
        dataPoint(json, *point);
    json.endArray();
    if (first.type != MetricType::gauge)
        json.key("aggregationTemporality").integer(kTemporalityCumulative);
    if (first.type == MetricType::counter)
        json.key("isMonotonic").boolean(true);
    json.endObject().endObject();
}
} // namespace

std::string OtlpJson::traces(const Resource& resource, const std::vector<telemetry::Span>& spans)
{
    JsonWriter json;
    json.beginObject().key("resourceSpans").beginArray();
    openResource(json, resource, "scopeSpans");
    json.key("spans").beginArray();
    for (const auto& span : spans)
    {
        json.beginObject();
        json.key("traceId").string(span.traceId).key("spanId").string(span.spanId);
        if (!span.parentSpanId.empty())
            json.key("parentSpanId").string(span.parentSpanId);
        json.key("name").string(span.name).key("kind").integer(kSpanKindServer);
        json.key("startTimeUnixNano").string(nanos(span.startUnixNanos));
        json.key("endTimeUnixNano").string(nanos(span.endUnixNanos));
        json.key("attributes");
        attributes(json, span.attributes);
        if (span.error)
            json.key("status").beginObject().key("code").integer(kStatusCodeError).endObject();
        json.endObject();
    }
    json.endArray();
    closeResource(json);
    json.endArray().endObject();
    return json.take();
}

std::string OtlpJson::metrics(const Resource& resource, const std::vector<MetricPoint>& points, std::string& problem)
{
    const auto skip = [&problem](std::string why) {
        if (problem.empty())
            problem = std::move(why);
    };
    std::vector<std::vector<const MetricPoint*>> byName;
    std::map<std::string, std::size_t> index;
    for (const auto& point : points)
    {
        if (point.type == MetricType::histogram && point.bucketCounts.size() != point.bucketBounds.size() + 1)
        {
            skip("histogram \"" + point.name + "\" has " + std::to_string(point.bucketBounds.size()) +
                 " bucket bounds and " + std::to_string(point.bucketCounts.size()) +
                 " bucket counts; it needs one count more than bounds");
            continue;
        }
        auto [it, inserted] = index.try_emplace(point.name, byName.size());
        if (inserted)
            byName.emplace_back();
        auto& group = byName[it->second];
        if (!group.empty() && group.front()->type != point.type)
        {
            skip("metric \"" + point.name + "\" has points of different types");
            continue;
        }
        group.push_back(&point);
    }

    JsonWriter json;
    json.beginObject().key("resourceMetrics").beginArray();
    openResource(json, resource, "scopeMetrics");
    json.key("metrics").beginArray();
    for (const auto& group : byName)
        metric(json, group);
    json.endArray();
    closeResource(json);
    json.endArray().endObject();
    return json.take();
}
} // namespace akashi::plugins::exporter::otlp
