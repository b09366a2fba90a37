#pragma once
#include <chrono>
#include <cstdint>

namespace akashi::plugins::ratelimit::memory
{
/// A classic token bucket: refills at `rate` tokens per second up to `burst`. Not thread-safe; the
/// limiter guards each bucket with its shard's mutex.
class TokenBucket
{
public:
    using Clock = std::chrono::steady_clock;

    /// A new bucket starts full.
    TokenBucket(double burst, Clock::time_point now) : _tokens(burst), _updated(now) {}

    /// Refills for the time since the last call, then takes one token if there is one.
    bool take(double rate, double burst, Clock::time_point now);

    double tokens() const noexcept { return _tokens; }

    /// Time until the bucket is full again / until one token is available.
    std::chrono::milliseconds untilFull(double rate, double burst) const;
    std::chrono::milliseconds untilOne(double rate) const;

    Clock::time_point lastUsed() const noexcept { return _updated; }

private:
    double _tokens;
    Clock::time_point _updated;
};
} // namespace akashi::plugins::ratelimit::memory
