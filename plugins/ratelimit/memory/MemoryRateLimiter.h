#pragma once
#include "TokenBucket.h"

#include <akashi/plugin/PluginContext.h>
#include <akashi/ratelimit/RateLimiter.h>

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace akashi::plugins::ratelimit::memory
{
/// Token buckets per key, in this process only (use a shared backend for several instances).
///
/// Memory stays bounded: a bucket that is full again behaves exactly like a missing one, so each shard
/// drops its full buckets at most once per `idle_eviction_seconds` (buckets of a rule that never refills,
/// rate 0, once idle that long); and no more than `max_buckets` exist at once. A new key past that cap
/// first forces a sweep (at most once a second per shard) and, if the shard is still full, is answered
/// with StatusCode::unavailable: the server fails open for it, counts and logs the error, rather than
/// forgetting the state of an active client.
/// Thread-safety: keys are spread over 16 shards, each with its own mutex, so concurrent requests for
/// different keys rarely contend.
class MemoryRateLimiter final : public akashi::ratelimit::RateLimiter
{
public:
    /// Config: `idle_eviction_seconds` (1..86400, default 600), `max_buckets` (16..100000000, default
    /// 1000000; each holds the key and ~64 bytes).
    explicit MemoryRateLimiter(const plugin::PluginContext& context);

    akashi::ratelimit::RateLimitDecision acquire(const std::string& key,
                                                 const akashi::ratelimit::RateLimitRule& rule) noexcept override;

    /// Buckets currently held (for tests).
    std::size_t bucketCount() const;

private:
    static constexpr std::size_t kShards = 16;
    using Clock = TokenBucket::Clock;

    struct Entry
    {
        TokenBucket bucket;
        Clock::time_point fullAt; ///< when it is full again; max() for a rule that never refills
    };

    struct Shard
    {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Entry> buckets;
        Clock::time_point lastSweep;
        Clock::time_point lastForcedSweep;
    };

    /// Drops the buckets of `shard` that are full again (or, never refilling, idle too long).
    void sweep(Shard& shard, Clock::time_point now) const;

    std::array<Shard, kShards> _shards;
    std::chrono::seconds _idleEviction;
    std::size_t _maxBuckets;
    std::size_t _maxPerShard;
};
} // namespace akashi::plugins::ratelimit::memory
