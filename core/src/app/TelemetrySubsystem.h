#pragma once
#include "telemetry/TelemetryPipeline.h"

#include "app/Subsystem.h"

#include <memory>
#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::telemetry
{
class RequestTelemetry;
}

namespace akashi::app
{
/// Spans and metrics from the server to the exporter plugins (docs/telemetry.md): owns the
/// TelemetryPipeline and the RequestTelemetry the HTTP dispatcher calls. Initialised right after the
/// plugin subsystem, whose exporters it drives, so it is uninitialised right before the plugins unload:
/// after HTTP has drained, the event buffer and the outbox have stopped, the final spans and metrics are
/// exported and every exporter flushed (runbook §8 step 5, "OTEL flushes"), and only then are the
/// exporter libraries closed.
class TelemetrySubsystem final : public app::Subsystem
{
public:
    TelemetrySubsystem();
    ~TelemetrySubsystem() override;

    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;
    const char* name() const override { return "telemetry"; }

    /// Reads akashi.telemetry.* and akashi.shutdown.telemetry_flush_timeout.
    static telemetry::TelemetryPipeline::Settings settingsFrom(const Poco::Util::AbstractConfiguration& config);

    /// The start-up logic, callable without a Poco Application (tests). `names[i]` names `exporters[i]`.
    void start(const telemetry::TelemetryPipeline::Settings& settings,
               std::vector<std::shared_ptr<telemetry::Exporter>> exporters, std::vector<std::string> names);
    void stop();

    /// Valid between start and stop.
    std::shared_ptr<telemetry::RequestTelemetry> requestTelemetry() const { return _requests; }
    telemetry::TelemetryPipeline& pipeline();

private:
    std::unique_ptr<telemetry::TelemetryPipeline> _pipeline;
    std::shared_ptr<telemetry::RequestTelemetry> _requests;
};
} // namespace akashi::app
