#include "RedisRateLimiter.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::plugins::ratelimit::redis::RedisRateLimiter;
using akashi::ratelimit::RateLimiter;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::ratelimit::kRateLimiterKind, akashi::ratelimit::kRateLimiterApiVersion, "redis", "1.0.0",
        &akashi::plugin::createInstance<RateLimiter, RedisRateLimiter>, &akashi::plugin::destroyInstance<RateLimiter>);
    return &descriptor;
}
