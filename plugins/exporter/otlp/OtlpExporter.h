#pragma once
#include "OtlpJson.h"
#include "OtlpSender.h"
#include "OtlpSettings.h"

#include <akashi/plugin/PluginContext.h>
#include <akashi/telemetry/Exporter.h>

#include <memory>

namespace akashi::plugins::exporter::otlp
{
/// OTLP/HTTP with JSON bodies to an OpenTelemetry collector (OTEL_EXPORTER_OTLP_ENDPOINT): spans to
/// <endpoint>/v1/traces, metrics to <endpoint>/v1/metrics, Content-Type application/json, the
/// OTEL_EXPORTER_OTLP_HEADERS on every request. exportSpans/exportMetrics only encode (OtlpJson) and
/// queue (OtlpSender); sending, retries and drops happen on the sender's thread. Configuration in
/// OtlpSettings. Thread-safe.
class OtlpExporter final : public akashi::telemetry::Exporter
{
public:
    /// Throws std::invalid_argument naming a bad or unknown key (create() then fails with it).
    explicit OtlpExporter(const plugin::PluginContext& context);

    /// `unavailable` when the request was dropped because too many wait; `internal` when out of memory.
    plugin::Status exportSpans(const std::vector<akashi::telemetry::Span>& spans) noexcept override;
    /// As exportSpans; also `invalidArgument` (naming the first such metric) when a point could not be
    /// encoded, after queueing the others.
    plugin::Status exportMetrics(const std::vector<akashi::telemetry::MetricPoint>& metrics) noexcept override;
    /// `unavailable` when requests are still waiting after `timeout`.
    plugin::Status flush(std::chrono::milliseconds timeout) noexcept override;
    plugin::Status scrape(std::string& contentType, std::string& body) noexcept override;

private:
    plugin::Status queue(OtlpSender::Request request);

    OtlpJson::Resource _resource;
    std::unique_ptr<OtlpSender> _sender;
};
} // namespace akashi::plugins::exporter::otlp
