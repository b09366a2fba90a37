#include "LogExporter.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::plugins::exporter::log::LogExporter;
using akashi::telemetry::Exporter;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::telemetry::kExporterKind, akashi::telemetry::kExporterApiVersion, "log", "1.0.0",
        &akashi::plugin::createInstance<Exporter, LogExporter>, &akashi::plugin::destroyInstance<Exporter>);
    return &descriptor;
}
