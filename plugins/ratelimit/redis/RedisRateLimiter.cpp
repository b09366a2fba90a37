#include "RedisRateLimiter.h"

#include "GcraScript.h"

#include <Poco/Exception.h>

#include <stdexcept>

namespace akashi::plugins::ratelimit::redis
{
namespace
{
plugin::HostLogger& requireLogger(const plugin::PluginContext& context)
{
    if (!context.logger)
        throw std::invalid_argument("the plugin context has no logger");
    return *context.logger;
}
} // namespace

RedisRateLimiter::RedisRateLimiter(const plugin::PluginContext& context)
    : _settings(RedisSettings::fromConfig(context.config)), _pool(_settings, requireLogger(context))
{
    _pool.warmUp();
}

akashi::ratelimit::RateLimitDecision RedisRateLimiter::acquire(const std::string& key,
                                                               const akashi::ratelimit::RateLimitRule& rule) noexcept
{
    akashi::ratelimit::RateLimitDecision decision;
    std::vector<std::string> arguments;
    try
    {
        arguments = GcraScript::arguments(rule);
    }
    catch (const std::exception& e)
    {
        decision.status = plugin::Status::failure(plugin::StatusCode::invalidArgument, e.what());
        return decision;
    }
    try
    {
        _pool.run([&](RedisConnection& connection) {
            decision = GcraScript::decode(
                connection.evalCached(GcraScript::sha1(), GcraScript::source(), _settings.keyPrefix + key, arguments),
                rule);
        });
    }
    catch (const Poco::Exception& e)
    {
        decision = {};
        decision.status = plugin::Status::failure(plugin::StatusCode::unavailable, "redis: " + e.displayText());
    }
    catch (const std::exception& e)
    {
        decision = {};
        decision.status = plugin::Status::failure(plugin::StatusCode::unavailable, std::string("redis: ") + e.what());
    }
    return decision;
}
} // namespace akashi::plugins::ratelimit::redis
