#pragma once
#include <akashi/ratelimit/RateLimiter.h>

#include <cstdint>
#include <string>
#include <vector>

namespace Poco::Redis
{
class Array;
}

namespace akashi::plugins::ratelimit::redis
{
/// The one Lua script behind every decision: GCRA (the generic cell rate algorithm, as go-redis/redis_rate
/// runs it), i.e. a token bucket stored as a single number per key, the "theoretical arrival time" (TAT) of
/// the next request. The script reads Redis' own clock (TIME), so instances with skewed clocks still agree,
/// and runs atomically, so concurrent requests from several instances never over-admit. Each key expires
/// when its bucket is full again (a missing key is a full bucket), so Redis holds only active clients.
/// docs/rate-limiting.md explains the arithmetic.
class GcraScript
{
public:
    /// The Lua source and its SHA-1 (for EVALSHA).
    static const std::string& source();
    static const std::string& sha1();

    /// ARGV for `rule`: the emission interval in whole microseconds (1e6 / rate, at least 1) and the burst.
    /// Throws std::invalid_argument for a rule the script cannot run (rate not > 0 and finite, burst 0,
    /// or a bucket that takes longer than about 30 years to fill).
    static std::vector<std::string> arguments(const akashi::ratelimit::RateLimitRule& rule);

    /// The script's reply {allowed, remaining, retry after µs, full at µs since the epoch} as a decision
    /// for `rule`. Throws std::runtime_error when the reply has another shape.
    static akashi::ratelimit::RateLimitDecision decode(const Poco::Redis::Array& reply,
                                                        const akashi::ratelimit::RateLimitRule& rule);
};
} // namespace akashi::plugins::ratelimit::redis
