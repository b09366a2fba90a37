#include "LogExporter.h"

#include <akashi/plugin/ConfigReader.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <variant>

namespace akashi::plugins::exporter::log
{
namespace
{
using telemetry::MetricType;

constexpr std::uint64_t kNanosPerSecond = 1'000'000'000;

/// Shortest text that parses back to the same double ("inf", "-inf" and "nan" for non-finite values).
std::string formatDouble(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

/// RFC 3339 in UTC with nanoseconds, e.g. 2023-11-14T22:13:20.123456789Z.
std::string formatTime(std::uint64_t unixNanos)
{
    using namespace std::chrono;
    const sys_seconds time{seconds(static_cast<std::int64_t>(unixNanos / kNanosPerSecond))};
    const sys_days day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss<seconds> clock{time - day};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%09uZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()), static_cast<unsigned>(unixNanos % kNanosPerSecond));
    return buffer;
}

std::string formatAttribute(const telemetry::AttributeValue& value)
{
    struct Formatter
    {
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return formatDouble(d); }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
    };
    return std::visit(Formatter{}, value);
}

void appendAttributes(plugin::LogFields& fields, const telemetry::Attributes& attributes)
{
    for (const auto& [key, value] : attributes)
        fields.emplace_back("attr." + key, formatAttribute(value));
}

const char* typeName(MetricType type)
{
    switch (type)
    {
    case MetricType::counter: return "counter";
    case MetricType::gauge: return "gauge";
    case MetricType::histogram: return "histogram";
    }
    return "unknown";
}

std::string formatBuckets(const telemetry::MetricPoint& point)
{
    std::string text;
    for (std::size_t i = 0; i < point.bucketCounts.size(); ++i)
    {
        if (i > 0)
            text += ',';
        text += i < point.bucketBounds.size() ? formatDouble(point.bucketBounds[i]) : "+Inf";
        text += ':';
        text += std::to_string(point.bucketCounts[i]);
    }
    return text;
}
} // namespace

LogExporter::LogExporter(const plugin::PluginContext& context) : _logger(context.logger)
{
    if (!_logger)
        throw std::invalid_argument("the plugin context has no logger");
    plugin::ConfigReader config(context.config);
    config.rejectUnknownKeys();
}

plugin::Status LogExporter::exportSpans(const std::vector<telemetry::Span>& spans) noexcept
{
    try
    {
        plugin::LogFields fields;
        for (const auto& span : spans)
        {
            fields.clear();
            fields.reserve(8 + span.attributes.size());
            fields.emplace_back("trace_id", span.traceId);
            fields.emplace_back("span_id", span.spanId);
            if (!span.parentSpanId.empty())
                fields.emplace_back("parent_span_id", span.parentSpanId);
            fields.emplace_back("name", span.name);
            fields.emplace_back("start", formatTime(span.startUnixNanos));
            fields.emplace_back("end", formatTime(span.endUnixNanos));
            // Wrapping subtraction then a signed view: a span ending before it starts shows as negative.
            const auto durationNanos = static_cast<std::int64_t>(span.endUnixNanos - span.startUnixNanos);
            fields.emplace_back("duration_ms", formatDouble(static_cast<double>(durationNanos) / 1e6));
            fields.emplace_back("error", span.error ? "true" : "false");
            appendAttributes(fields, span.attributes);
            _logger->log(plugin::LogLevel::info, "span", fields);
        }
        return plugin::Status::success();
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

plugin::Status LogExporter::exportMetrics(const std::vector<telemetry::MetricPoint>& metrics) noexcept
{
    try
    {
        plugin::Status outcome = plugin::Status::success();
        plugin::LogFields fields;
        for (const auto& point : metrics)
        {
            const bool histogram = point.type == MetricType::histogram;
            if (histogram && point.bucketCounts.size() != point.bucketBounds.size() + 1)
            {
                if (outcome.isOk())
                    outcome = plugin::Status::failure(
                        plugin::StatusCode::invalidArgument,
                        "histogram \"" + point.name + "\" has " + std::to_string(point.bucketBounds.size()) +
                            " bucket bounds and " + std::to_string(point.bucketCounts.size()) +
                            " bucket counts; it needs one count more than bounds");
                continue;
            }
            fields.clear();
            fields.reserve(6 + point.attributes.size());
            fields.emplace_back("name", point.name);
            fields.emplace_back("type", typeName(point.type));
            fields.emplace_back("unit", point.unit);
            if (histogram)
            {
                fields.emplace_back("count", std::to_string(point.count));
                fields.emplace_back("sum", formatDouble(point.value));
                fields.emplace_back("buckets", formatBuckets(point));
            }
            else
                fields.emplace_back("value", formatDouble(point.value));
            appendAttributes(fields, point.attributes);
            _logger->log(plugin::LogLevel::info, "metric", fields);
        }
        return outcome;
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

plugin::Status LogExporter::flush(std::chrono::milliseconds) noexcept
{
    return plugin::Status::success();
}

plugin::Status LogExporter::scrape(std::string&, std::string&) noexcept
{
    try
    {
        return plugin::Status::failure(plugin::StatusCode::unsupported,
                                       "the log exporter is push-only and does not support scrape");
    }
    catch (const std::exception&)
    {
        // Out of memory for the message: the code alone still says it.
        return plugin::Status{plugin::StatusCode::unsupported, {}, 0};
    }
}
} // namespace akashi::plugins::exporter::log
