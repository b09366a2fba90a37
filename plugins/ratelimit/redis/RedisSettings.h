#pragma once
#include "RedisUrl.h"

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

namespace akashi::plugins::ratelimit::redis
{
/// The plugin's configuration subtree (akashi.ratelimit.redis.*, docs/configuration.md):
///   url                 required (REDIS_URL; see RedisUrl)
///   timeout             connect and reply timeout, 1ms..10s, default 200ms
///   reconnect_interval  least time between connection attempts after a failure, 0..60s, default 1s
///   pool_size           connections, 1..64, default 4
///   key_prefix          prefix of every key, default "akashi:rl:"
/// Throws std::invalid_argument naming the bad key.
struct RedisSettings
{
    static RedisSettings fromConfig(const std::map<std::string, std::string>& config);

    RedisUrl url;
    std::chrono::milliseconds timeout{200};
    std::chrono::milliseconds reconnectInterval{1000};
    std::size_t poolSize = 4;
    std::string keyPrefix = "akashi:rl:";
};
} // namespace akashi::plugins::ratelimit::redis
