#include "app/TelemetrySubsystem.h"

#include "app/ShutdownPhase.h"

#include "common/Exception.h"
#include "config/Duration.h"
#include "logging/Log.h"
#include "plugin/PluginSubsystem.h"
#include "telemetry/MetricsRegistry.h"
#include "telemetry/RequestTelemetry.h"

#include <Poco/Util/Application.h>

namespace akashi::app
{
namespace
{
Poco::Logger& logger()
{
    return Poco::Logger::get("telemetry");
}

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ",") + name;
    return text;
}
} // namespace

TelemetrySubsystem::TelemetrySubsystem() = default;

TelemetrySubsystem::~TelemetrySubsystem()
{
    stop();
}

telemetry::TelemetryPipeline::Settings TelemetrySubsystem::settingsFrom(const Poco::Util::AbstractConfiguration& config)
{
    telemetry::TelemetryPipeline::Settings settings;
    settings.spanInterval = std::chrono::milliseconds(config.getInt64("akashi.telemetry.span_interval_ms"));
    settings.metricInterval = std::chrono::milliseconds(config.getInt64("akashi.telemetry.metric_interval_ms"));
    settings.spanQueueSize = static_cast<std::size_t>(config.getInt64("akashi.telemetry.span_queue_size"));
    settings.flushTimeout = config::getDuration(config, "akashi.shutdown.telemetry_flush_timeout");
    return settings;
}

void TelemetrySubsystem::initialize(Poco::Util::Application& app)
{
    const auto& plugins = app.getSubsystem<plugin::PluginSubsystem>();
    start(settingsFrom(app.config()), plugins.exporters(), plugins.exporterNames());
}

void TelemetrySubsystem::uninitialize()
{
    stop();
}

void TelemetrySubsystem::start(const telemetry::TelemetryPipeline::Settings& settings,
                               std::vector<std::shared_ptr<telemetry::Exporter>> exporters, std::vector<std::string> names)
{
    auto& registry = telemetry::MetricsRegistry::global();
    const std::string enabled = joined(names);
    _pipeline = std::make_unique<telemetry::TelemetryPipeline>(settings, std::move(exporters), std::move(names), registry,
                                                               logger());
    _requests = std::make_shared<telemetry::RequestTelemetry>(registry, _pipeline->spanQueue());
    _pipeline->start();
    logging::info(logger(), "telemetry started",
                  {{"exporters", enabled},
                   {"tracing", _requests->tracing()},
                   {"metrics_endpoint", _pipeline->scrapable()},
                   {"span_interval_ms", static_cast<std::int64_t>(settings.spanInterval.count())},
                   {"metric_interval_ms", static_cast<std::int64_t>(settings.metricInterval.count())}});
}

void TelemetrySubsystem::stop()
{
    if (!_pipeline)
        return;
    {
        ShutdownPhase phase(5, "telemetry", _pipeline->settings().flushTimeout);
        _pipeline->stop();
    }
    logging::info(logger(), "telemetry flushed", {{"timeout_ms", static_cast<std::int64_t>(_pipeline->settings().flushTimeout.count())}});
    _requests.reset();
    _pipeline.reset();
}

telemetry::TelemetryPipeline& TelemetrySubsystem::pipeline()
{
    if (!_pipeline)
        throw Exception(ErrorCode::internal, "the telemetry subsystem is not started");
    return *_pipeline;
}
} // namespace akashi::app
