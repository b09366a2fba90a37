#pragma once
#include "TokenBucket.h"

#include <akashi/plugin/PluginContext.h>
#include <akashi/ratelimit/RateLimiter.h>

#include <array>
#include <mutex>
#include <string>
#include <unordered_map>

namespace akashi::plugins::ratelimit::memory
{
/// Token buckets per key, in this process only (use a shared backend for several instances).
/// Thread-safety: keys are spread over 16 shards, each with its own mutex, so concurrent requests for
/// different keys rarely contend. Buckets idle longer than `idle_eviction_seconds` are dropped (a full
/// bucket and a missing one behave the same).
class MemoryRateLimiter final : public akashi::ratelimit::RateLimiter
{
public:
    /// Config: `idle_eviction_seconds` (1..86400, default 600).
    explicit MemoryRateLimiter(const plugin::PluginContext& context);

    akashi::ratelimit::RateLimitDecision acquire(const std::string& key,
                                                 const akashi::ratelimit::RateLimitRule& rule) noexcept override;

    /// Buckets currently held (for tests).
    std::size_t bucketCount() const;

private:
    static constexpr std::size_t kShards = 16;
    struct Shard
    {
        mutable std::mutex mutex;
        std::unordered_map<std::string, TokenBucket> buckets;
        TokenBucket::Clock::time_point lastSweep;
    };

    void sweep(Shard& shard, TokenBucket::Clock::time_point now);

    std::array<Shard, kShards> _shards;
    std::chrono::seconds _idleEviction;
};
} // namespace akashi::plugins::ratelimit::memory
