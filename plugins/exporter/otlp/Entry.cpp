#include "OtlpExporter.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::plugins::exporter::otlp::OtlpExporter;
using akashi::telemetry::Exporter;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::telemetry::kExporterKind, akashi::telemetry::kExporterApiVersion, "otlp", "1.0.0",
        &akashi::plugin::createInstance<Exporter, OtlpExporter>, &akashi::plugin::destroyInstance<Exporter>);
    return &descriptor;
}
