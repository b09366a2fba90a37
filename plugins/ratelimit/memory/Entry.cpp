#include "MemoryRateLimiter.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::plugins::ratelimit::memory::MemoryRateLimiter;
using akashi::ratelimit::RateLimiter;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::ratelimit::kRateLimiterKind, akashi::ratelimit::kRateLimiterApiVersion, "memory", "1.0.0",
        &akashi::plugin::createInstance<RateLimiter, MemoryRateLimiter>, &akashi::plugin::destroyInstance<RateLimiter>);
    return &descriptor;
}
