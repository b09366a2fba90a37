#include "MemoryRateLimiter.h"

#include <akashi/plugin/ConfigReader.h>

#include <cmath>

namespace akashi::plugins::ratelimit::memory
{
MemoryRateLimiter::MemoryRateLimiter(const plugin::PluginContext& context)
{
    plugin::ConfigReader config(context.config);
    _idleEviction = std::chrono::seconds(config.integer("idle_eviction_seconds", 600, 1, 86400));
    config.rejectUnknownKeys();
}

void MemoryRateLimiter::sweep(Shard& shard, TokenBucket::Clock::time_point now)
{
    // At most once per eviction period per shard, so the sweep cost is amortised over many requests.
    if (now - shard.lastSweep < _idleEviction)
        return;
    shard.lastSweep = now;
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();)
        it = now - it->second.lastUsed() > _idleEviction ? shard.buckets.erase(it) : std::next(it);
}

akashi::ratelimit::RateLimitDecision MemoryRateLimiter::acquire(const std::string& key,
                                                                const akashi::ratelimit::RateLimitRule& rule) noexcept
{
    akashi::ratelimit::RateLimitDecision decision;
    if (rule.burst == 0 || !(rule.ratePerSecond >= 0) || !std::isfinite(rule.ratePerSecond))
    {
        decision.status = plugin::Status::failure(plugin::StatusCode::invalidArgument,
                                                  "rule needs burst >= 1 and a finite rate >= 0");
        return decision;
    }
    try
    {
        const auto now = TokenBucket::Clock::now();
        const double burst = static_cast<double>(rule.burst);
        Shard& shard = _shards[std::hash<std::string>{}(key) % kShards];
        std::lock_guard lock(shard.mutex);
        sweep(shard, now);
        auto [it, inserted] = shard.buckets.try_emplace(key, burst, now);
        TokenBucket& bucket = it->second;
        decision.allowed = bucket.take(rule.ratePerSecond, burst, now);
        decision.limit = rule.burst;
        decision.remaining = static_cast<std::uint64_t>(std::floor(bucket.tokens()));
        const auto wallNow = std::chrono::system_clock::now();
        decision.resetUnixSeconds = std::chrono::duration_cast<std::chrono::seconds>(
                                        (wallNow + bucket.untilFull(rule.ratePerSecond, burst)).time_since_epoch())
                                        .count();
        if (!decision.allowed)
            decision.retryAfterMs = static_cast<std::uint64_t>(bucket.untilOne(rule.ratePerSecond).count());
    }
    catch (const std::exception& e)
    {
        decision = {};
        decision.status = plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
    return decision;
}

std::size_t MemoryRateLimiter::bucketCount() const
{
    std::size_t total = 0;
    for (const auto& shard : _shards)
    {
        std::lock_guard lock(shard.mutex);
        total += shard.buckets.size();
    }
    return total;
}
} // namespace akashi::plugins::ratelimit::memory
