#include "PostgresNotifyTransport.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::notify::NotifyTransport;
using akashi::plugins::notify::postgres::PostgresNotifyTransport;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::notify::kNotifyTransportKind, akashi::notify::kNotifyTransportApiVersion, "postgres", "1.0.0",
        &akashi::plugin::createInstance<NotifyTransport, PostgresNotifyTransport>,
        &akashi::plugin::destroyInstance<NotifyTransport>);
    return &descriptor;
}
