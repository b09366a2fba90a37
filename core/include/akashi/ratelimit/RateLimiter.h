#pragma once
#include <akashi/plugin/Status.h>

#include <cstdint>
#include <string>

namespace akashi::ratelimit
{
inline constexpr std::uint32_t kRateLimiterApiVersion = 1;
inline constexpr const char* kRateLimiterKind = "ratelimit";

/// The budget for one key: `ratePerSecond` sustained permits per second with bursts up to `burst`.
struct RateLimitRule
{
    double ratePerSecond = 0;
    std::uint64_t burst = 0;
};

/// What a limiter decided for one request. `limit`, `remaining` and `resetUnixSeconds` feed the
/// `X-RateLimit-*` headers; `retryAfterMs` is set when `allowed` is false.
struct RateLimitDecision
{
    plugin::Status status; ///< not ok = the limiter failed; the server then fails open
    bool allowed = true;
    std::uint64_t limit = 0;
    std::uint64_t remaining = 0;
    std::int64_t resetUnixSeconds = 0;
    std::uint64_t retryAfterMs = 0;
};

/// Grants or refuses permits per key (e.g. `org:<uuid>:agent:<id>`, `ip:<addr>`).
/// Thread-safety: `acquire` is called concurrently from every request thread.
class RateLimiter
{
public:
    virtual ~RateLimiter() = default;

    /// Takes one permit for `key` under `rule`. Must answer quickly (a shared backend should use a short
    /// timeout): the request waits on it.
    virtual RateLimitDecision acquire(const std::string& key, const RateLimitRule& rule) noexcept = 0;
};
} // namespace akashi::ratelimit
