#pragma once
#include "auth/Principal.h"
#include "http/RateLimitClass.h"
#include "http/RateLimitSettings.h"

#include <akashi/ratelimit/RateLimiter.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace Poco
{
class Logger;
namespace Net
{
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Net
} // namespace Poco

namespace akashi::telemetry
{
class Counter;
}

namespace akashi::http
{
class RequestContext;

/// The rate-limit step of the middleware chain, run by the dispatcher once the route matched and the
/// caller is known (docs/rate-limiting.md):
///   * auth routes: the auth class, keyed `auth:ip:<client ip>`, for everyone;
///   * authenticated routes: the route's class (`<class>:org:<uuid>:agent:<id>`) and then the global
///     bucket (`org:<uuid>:agent:<id>`); both must allow. The class is asked first, so a request its
///     class refuses does not spend the global budget; platform_admin callers are exempt from both;
///   * unlimited routes: nothing.
/// A limiter error fails open: the request passes, the error is counted (akashi.ratelimit.errors) and
/// logged at most once per `errorLogInterval`.
/// Thread-safety: immutable after construction except for the error-log throttle (atomics); `admit` is
/// called concurrently from every request thread.
class RateLimitGate
{
public:
    /// What the limiter decided for one request, as the response headers tell it.
    struct Verdict
    {
        bool limited = false; ///< a bucket answered: X-RateLimit-* headers are sent
        bool allowed = true;
        std::uint64_t limit = 0;
        std::uint64_t remaining = 0;
        std::int64_t resetUnixSeconds = 0;
        std::uint64_t retryAfterSeconds = 0; ///< when refused: at least 1
        std::string bucket; ///< which bucket the headers describe: the class name, or "global"
        std::string key;    ///< that bucket's key
    };

    /// `limiter` must not be null; `log` receives `rate limit exceeded` and the limiter-error line.
    RateLimitGate(RateLimitSettings settings, std::shared_ptr<ratelimit::RateLimiter> limiter, Poco::Logger& log);

    /// The buckets for a request of `limitClass` by `principal` (null when not authenticated) from
    /// `clientIp`, consulted and combined: the refusing bucket when one refuses, else the one with the
    /// fewest permits left.
    Verdict check(RateLimitClass limitClass, const auth::Principal* principal, const std::string& clientIp) const;

    /// `check` for the matched route of `context`; sets X-RateLimit-Limit/Remaining/Reset on `response`
    /// whenever a bucket answered. On refusal also sets Retry-After, logs `rate limit exceeded` and throws
    /// akashi::Exception(rateLimited) for the dispatcher's envelope.
    void admit(const RequestContext& context, const Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response) const;

    const RateLimitSettings& settings() const noexcept { return _settings; }

private:
    /// One bucket; nullopt when the limiter failed (counted and, throttled, logged).
    std::optional<ratelimit::RateLimitDecision> ask(const std::string& key, const ratelimit::RateLimitRule& rule,
                                                    const std::string& bucket) const;
    void reportError(const plugin::Status& status, const std::string& bucket) const;

    RateLimitSettings _settings;
    std::shared_ptr<ratelimit::RateLimiter> _limiter;
    Poco::Logger& _log;
    telemetry::Counter& _errors;
    mutable std::atomic<std::int64_t> _nextErrorLogMs{0}; ///< steady clock, ms
    mutable std::atomic<std::uint64_t> _suppressedErrors{0};
};
} // namespace akashi::http
