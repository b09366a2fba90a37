#pragma once
#include "ConnectionPool.h"
#include "RedisSettings.h"

#include <akashi/plugin/PluginContext.h>
#include <akashi/ratelimit/RateLimiter.h>

#include <string>

namespace akashi::plugins::ratelimit::redis
{
/// Rate limits shared by every server instance on one Redis: each decision is one atomic GcraScript call
/// on the key `<key_prefix><key>`, timed by Redis' clock. When Redis cannot answer within `timeout` (or is
/// known to be down, see ConnectionPool) `acquire` returns StatusCode::unavailable at once and the server
/// fails open.
/// Thread-safety: `acquire` may be called from any number of threads (ConnectionPool serialises each
/// connection).
class RedisRateLimiter final : public akashi::ratelimit::RateLimiter
{
public:
    /// Config: see RedisSettings. Throws std::invalid_argument for a bad key; an unreachable Redis is not
    /// an error here (logged; requests are permitted until it answers).
    explicit RedisRateLimiter(const plugin::PluginContext& context);

    akashi::ratelimit::RateLimitDecision acquire(const std::string& key,
                                                 const akashi::ratelimit::RateLimitRule& rule) noexcept override;

private:
    const RedisSettings _settings;
    ConnectionPool _pool;
};
} // namespace akashi::plugins::ratelimit::redis
