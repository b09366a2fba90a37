#include "OtlpExporter.h"

#include <stdexcept>

namespace akashi::plugins::exporter::otlp
{
OtlpExporter::OtlpExporter(const plugin::PluginContext& context)
{
    if (!context.logger)
        throw std::invalid_argument("the plugin context has no logger");
    plugin::ConfigReader config(context.config);
    const OtlpSettings settings = OtlpSettings::read(config);
    config.rejectUnknownKeys();
    _resource.serviceName = settings.serviceName;
    _sender = std::make_unique<OtlpSender>(settings, *context.logger);
    context.logger->log(plugin::LogLevel::info, "otlp exporter ready",
                        {{"endpoint", settings.endpoint.text()}, {"service_name", settings.serviceName}});
}

plugin::Status OtlpExporter::queue(OtlpSender::Request request)
{
    if (_sender->enqueue(std::move(request)))
        return plugin::Status::success();
    return plugin::Status::failure(plugin::StatusCode::unavailable,
                                   "otlp: more than " + std::to_string(OtlpSender::kMaxPending) +
                                       " requests wait for the collector; this one was dropped");
}

plugin::Status OtlpExporter::exportSpans(const std::vector<telemetry::Span>& spans) noexcept
{
    try
    {
        if (spans.empty())
            return plugin::Status::success();
        return queue({"/v1/traces", OtlpJson::traces(_resource, spans), "traces"});
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

plugin::Status OtlpExporter::exportMetrics(const std::vector<telemetry::MetricPoint>& metrics) noexcept
{
    try
    {
        if (metrics.empty())
            return plugin::Status::success();
        std::string problem;
        std::string body = OtlpJson::metrics(_resource, metrics, problem);
        const plugin::Status queued = queue({"/v1/metrics", std::move(body), "metrics"});
        if (!queued.isOk() || problem.empty())
            return queued;
        return plugin::Status::failure(plugin::StatusCode::invalidArgument, problem);
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

plugin::Status OtlpExporter::flush(std::chrono::milliseconds timeout) noexcept
{
    try
    {
        if (_sender->flush(timeout))
            return plugin::Status::success();
        return plugin::Status::failure(plugin::StatusCode::unavailable,
                                       "otlp: requests still waiting for the collector after " +
                                           std::to_string(timeout.count()) + " ms");
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

plugin::Status OtlpExporter::scrape(std::string&, std::string&) noexcept
{
    try
    {
        return plugin::Status::failure(plugin::StatusCode::unsupported, "the otlp exporter is push-only");
    }
    catch (const std::exception&)
    {
        return plugin::Status{plugin::StatusCode::unsupported, {}, 0};
    }
}
} // namespace akashi::plugins::exporter::otlp
