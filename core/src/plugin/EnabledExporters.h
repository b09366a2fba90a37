#pragma once
#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::plugin
{
/// The exporter plugins to create, from `akashi.exporter.enabled` (AKASHI_EXPORTERS): the listed names in
/// order, each once. The entry `auto` (the default) stands for `otlp` when `akashi.exporter.otlp.endpoint`
/// (OTEL_EXPORTER_OTLP_ENDPOINT) is set and for nothing otherwise — the runbook: "If the endpoint is not
/// set, OTEL is disabled". So setting the endpoint is enough to export, and e.g. `prometheus,auto` adds
/// GET /metrics either way.
std::vector<std::string> enabledExporters(const Poco::Util::AbstractConfiguration& config);
} // namespace akashi::plugin
