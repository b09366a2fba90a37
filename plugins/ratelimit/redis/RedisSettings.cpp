#include "RedisSettings.h"

#include <akashi/plugin/ConfigReader.h>

namespace akashi::plugins::ratelimit::redis
{
RedisSettings RedisSettings::fromConfig(const std::map<std::string, std::string>& config)
{
    plugin::ConfigReader reader(config);
    const std::string url = reader.string("url", "");
    const std::int64_t timeoutMs = reader.durationMs("timeout", 200, 1, 10000);
    const std::int64_t reconnectMs = reader.durationMs("reconnect_interval", 1000, 0, 60000);
    const std::int64_t poolSize = reader.integer("pool_size", 4, 1, 64);
    std::string keyPrefix = reader.string("key_prefix", "akashi:rl:");
    reader.rejectUnknownKeys();
    return RedisSettings{RedisUrl(url), std::chrono::milliseconds(timeoutMs), std::chrono::milliseconds(reconnectMs),
                         static_cast<std::size_t>(poolSize), std::move(keyPrefix)};
}
} // namespace akashi::plugins::ratelimit::redis
