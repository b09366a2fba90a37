#pragma once
#include <akashi/plugin/PluginContext.h>
#include <akashi/telemetry/Exporter.h>

#include <mutex>
#include <vector>

namespace akashi::plugins::exporter::prometheus
{
/// The pull exporter behind GET /metrics. The server hands it fresh points (exportMetrics) right before
/// each scrape, and scrape renders the last points it was given as Prometheus text (PrometheusText).
/// It takes no spans: exportSpans answers `unsupported`, which tells the server to record none for it.
/// No configuration keys. Thread-safe: one mutex guards the points (scrapes come from HTTP threads).
class PrometheusExporter final : public akashi::telemetry::Exporter
{
public:
    /// Any configuration key fails create() (a typo must not be ignored).
    explicit PrometheusExporter(const plugin::PluginContext& context);

    plugin::Status exportSpans(const std::vector<akashi::telemetry::Span>& spans) noexcept override;
    /// Keeps a copy of `metrics` for the next scrape; `internal` only when out of memory.
    plugin::Status exportMetrics(const std::vector<akashi::telemetry::MetricPoint>& metrics) noexcept override;
    /// Nothing is pushed, so nothing to flush.
    plugin::Status flush(std::chrono::milliseconds timeout) noexcept override;
    /// The text format of the last exported points. Points that cannot be written (a malformed histogram)
    /// are left out and reported through the host logger (once per distinct problem), never failing the
    /// scrape: the rest of the metrics are still worth serving.
    plugin::Status scrape(std::string& contentType, std::string& body) noexcept override;

private:
    plugin::HostLogger* _logger;
    std::mutex _mutex;
    std::vector<akashi::telemetry::MetricPoint> _points;
    std::string _lastProblem;
};
} // namespace akashi::plugins::exporter::prometheus
