#pragma once
#include "http/RateLimitClass.h"

#include <akashi/ratelimit/RateLimiter.h>

#include <chrono>
#include <cstdint>
#include <map>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::http
{
/// The rate-limit policy (akashi.ratelimit.*, akashi.http.trust_proxy); see docs/rate-limiting.md.
struct RateLimitSettings
{
    /// AKASHI_RATE_LIMIT_ENABLED: false = no limiter is consulted and no header is sent.
    bool enabled = true;
    /// AKASHI_RATE_LIMIT_RPS / _BURST: the bucket every authenticated /v1 and /mcp request of one agent
    /// draws on (key `org:<uuid>:agent:<id>`).
    ratelimit::RateLimitRule global{100.0, 200};
    /// The per-class budgets (auth, ingest, query, search); a class missing here (configured as 0 per
    /// minute) has no budget of its own.
    std::map<RateLimitClass, ratelimit::RateLimitRule> classes;
    /// AKASHI_TRUST_PROXY: take the client IP from X-Forwarded-For (see ClientAddress).
    bool trustProxy = false;
    /// At most one `rate limiter error, permitting request` line per this interval (a dead shared
    /// backend fails every request; the metric akashi.ratelimit.errors counts each one).
    std::chrono::milliseconds errorLogInterval{5000};

    /// `perMinute` requests per minute as a bucket: that many at once, refilled evenly over the minute.
    static ratelimit::RateLimitRule perMinute(std::int64_t perMinute);

    /// Reads the rows of docs/configuration.md (values already validated by the schema).
    static RateLimitSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
};
} // namespace akashi::http
