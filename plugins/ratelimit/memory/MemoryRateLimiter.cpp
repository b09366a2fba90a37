#include "MemoryRateLimiter.h"

#include <akashi/plugin/ConfigReader.h>

#include <cmath>

namespace akashi::plugins::ratelimit::memory
{
MemoryRateLimiter::MemoryRateLimiter(const plugin::PluginContext& context)
{
    plugin::ConfigReader config(context.config);
    _idleEviction = std::chrono::seconds(config.integer("idle_eviction_seconds", 600, 1, 86400));
    _maxBuckets = static_cast<std::size_t>(config.integer("max_buckets", 1000000, 16, 100000000));
    config.rejectUnknownKeys();
    _maxPerShard = (_maxBuckets + kShards - 1) / kShards;
}

void MemoryRateLimiter::sweep(Shard& shard, Clock::time_point now) const
{
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();)
    {
        const Entry& entry = it->second;
        const bool drop = entry.fullAt == Clock::time_point::max() ? now - entry.bucket.lastUsed() > _idleEviction
                                                                    : now >= entry.fullAt;
        it = drop ? shard.buckets.erase(it) : std::next(it);
    }
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
        const auto now = Clock::now();
        const double burst = static_cast<double>(rule.burst);
        Shard& shard = _shards[std::hash<std::string>{}(key) % kShards];
        std::lock_guard lock(shard.mutex);
        // At most once per eviction period per shard, so the sweep cost is amortised over many requests.
        if (now - shard.lastSweep >= _idleEviction)
        {
            shard.lastSweep = now;
            sweep(shard, now);
        }
        auto it = shard.buckets.find(key);
        if (it == shard.buckets.end())
        {
            if (shard.buckets.size() >= _maxPerShard && now - shard.lastForcedSweep >= std::chrono::seconds(1))
            {
                shard.lastForcedSweep = now;
                sweep(shard, now);
            }
            if (shard.buckets.size() >= _maxPerShard)
            {
                decision.status = plugin::Status::failure(
                    plugin::StatusCode::unavailable,
                    "memory rate limiter is full: max_buckets (" + std::to_string(_maxBuckets) + ") keys are active");
                return decision;
            }
            it = shard.buckets.emplace(key, Entry{TokenBucket(burst, now), now}).first;
        }
        Entry& entry = it->second;
        TokenBucket& bucket = entry.bucket;
        decision.allowed = bucket.take(rule.ratePerSecond, burst, now);
        const auto untilFull = bucket.untilFull(rule.ratePerSecond, burst);
        entry.fullAt = rule.ratePerSecond > 0 ? now + untilFull : Clock::time_point::max();
        decision.limit = rule.burst;
        decision.remaining = static_cast<std::uint64_t>(std::floor(bucket.tokens()));
        const auto wallNow = std::chrono::system_clock::now();
        decision.resetUnixSeconds =
            std::chrono::duration_cast<std::chrono::seconds>((wallNow + untilFull).time_since_epoch()).count();
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
