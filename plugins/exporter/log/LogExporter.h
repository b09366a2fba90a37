#pragma once
#include <akashi/plugin/HostLogger.h>
#include <akashi/plugin/PluginContext.h>
#include <akashi/telemetry/Exporter.h>

namespace akashi::plugins::exporter::log
{
/// Writes telemetry as the server's own JSON log lines (through the PluginContext's HostLogger, at
/// info): for development and for shipping telemetry with the logs when no collector is available.
///
/// One line per span, message "span", fields in this order:
///   trace_id, span_id, parent_span_id (omitted for a root span), name, start, end, duration_ms, error,
///   then `attr.<key>` for every attribute in key order.
/// One line per metric point, message "metric", fields in this order:
///   name, type (counter | gauge | histogram), unit, then `value` for counters and gauges, or `count`,
///   `sum` and `buckets` for histograms, then `attr.<key>` for every attribute in key order.
///
/// Value formats (HostLogger fields are strings): times are RFC 3339 in UTC with nanoseconds
/// ("2023-11-14T22:13:20.123456789Z"): readable, sortable and lossless. Numbers use the shortest text
/// that reads back as the same double ("1.5", "0.005", "3"); integers and booleans as usual. duration_ms
/// is (end - start) in milliseconds, negative if the span ends before it starts. `buckets` is
/// `<upper bound>:<count>` per bucket, comma-separated, the last bound "+Inf"; counts per bucket, not
/// cumulative. Descriptions and point timestamps are not written (the log line has its own time).
///
/// Nothing is buffered: flush() has nothing to do, and scrape() is `unsupported` (push only).
/// Thread-safety: stateless; the HostLogger is thread-safe, so every method may be called concurrently.
class LogExporter final : public akashi::telemetry::Exporter
{
public:
    /// No configuration keys; any key fails create() (a typo must not be ignored).
    explicit LogExporter(const plugin::PluginContext& context);

    /// Always ok unless out of memory (`internal`).
    plugin::Status exportSpans(const std::vector<akashi::telemetry::Span>& spans) noexcept override;

    /// Logs every well-formed point; a histogram whose bucket counts are not one more than its bounds is
    /// skipped and reported as `invalidArgument` (naming the first such metric) after the others are logged.
    plugin::Status exportMetrics(const std::vector<akashi::telemetry::MetricPoint>& metrics) noexcept override;

    plugin::Status flush(std::chrono::milliseconds timeout) noexcept override;
    plugin::Status scrape(std::string& contentType, std::string& body) noexcept override;

private:
    plugin::HostLogger* _logger;
};
} // namespace akashi::plugins::exporter::log
