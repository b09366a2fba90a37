#include "PrometheusExporter.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::plugins::exporter::prometheus::PrometheusExporter;
using akashi::telemetry::Exporter;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::telemetry::kExporterKind, akashi::telemetry::kExporterApiVersion, "prometheus", "1.0.0",
        &akashi::plugin::createInstance<Exporter, PrometheusExporter>, &akashi::plugin::destroyInstance<Exporter>);
    return &descriptor;
}
