#include "http/RateLimitSettings.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace akashi::http
{
ratelimit::RateLimitRule RateLimitSettings::perMinute(std::int64_t perMinute)
{
    return {static_cast<double>(perMinute) / 60.0, static_cast<std::uint64_t>(perMinute)};
}

RateLimitSettings RateLimitSettings::fromConfig(const Poco::Util::AbstractConfiguration& config)
{
    RateLimitSettings settings;
    settings.enabled = config.getBool("akashi.ratelimit.enabled");
    settings.global.ratePerSecond = static_cast<double>(config.getInt64("akashi.ratelimit.rps"));
    settings.global.burst = static_cast<std::uint64_t>(config.getInt64("akashi.ratelimit.burst"));
    settings.trustProxy = config.getBool("akashi.http.trust_proxy");
    for (RateLimitClass limitClass :
         {RateLimitClass::auth, RateLimitClass::ingest, RateLimitClass::query, RateLimitClass::search})
    {
        const std::int64_t limit =
            config.getInt64("akashi.ratelimit." + std::string(rateLimitClassName(limitClass)) + ".per_minute");
        if (limit > 0)
            settings.classes.emplace(limitClass, perMinute(limit));
    }
    return settings;
}
} // namespace akashi::http
