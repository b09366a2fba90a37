#include "PrometheusExporter.h"

#include "PrometheusText.h"

#include <akashi/plugin/ConfigReader.h>

#include <stdexcept>

namespace akashi::plugins::exporter::prometheus
{
PrometheusExporter::PrometheusExporter(const plugin::PluginContext& context) : _logger(context.logger)
{
    if (!_logger)
        throw std::invalid_argument("the plugin context has no logger");
    plugin::ConfigReader(context.config).rejectUnknownKeys();
}

plugin::Status PrometheusExporter::exportSpans(const std::vector<telemetry::Span>&) noexcept
{
    try
    {
        return plugin::Status::failure(plugin::StatusCode::unsupported, "the prometheus exporter takes no spans");
    }
    catch (const std::exception&)
    {
        return plugin::Status{plugin::StatusCode::unsupported, {}, 0};
    }
}

plugin::Status PrometheusExporter::exportMetrics(const std::vector<telemetry::MetricPoint>& metrics) noexcept
{
    try
    {
        std::vector<telemetry::MetricPoint> copy = metrics;
        std::lock_guard lock(_mutex);
        _points.swap(copy);
        return plugin::Status::success();
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

plugin::Status PrometheusExporter::flush(std::chrono::milliseconds) noexcept
{
    return plugin::Status::success();
}

plugin::Status PrometheusExporter::scrape(std::string& contentType, std::string& body) noexcept
{
    try
    {
        std::lock_guard lock(_mutex);
        PrometheusText::Rendered rendered = PrometheusText::render(_points);
        if (!rendered.problem.empty() && rendered.problem != _lastProblem)
            _logger->log(plugin::LogLevel::warn, "prometheus: metric left out of the scrape", {{"reason", rendered.problem}});
        _lastProblem = rendered.problem;
        contentType = PrometheusText::kContentType;
        body = std::move(rendered.body);
        return plugin::Status::success();
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}
} // namespace akashi::plugins::exporter::prometheus
