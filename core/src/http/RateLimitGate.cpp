#include "http/RateLimitGate.h"

#include "common/Exception.h"
#include "http/ClientAddress.h"
#include "http/RequestContext.h"
#include "logging/Log.h"
#include "telemetry/MetricsRegistry.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace akashi::http
{
namespace
{
std::int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Bucket
{
    std::string key;
    ratelimit::RateLimitRule rule;
    std::string name;
};
} // namespace

RateLimitGate::RateLimitGate(RateLimitSettings settings, std::shared_ptr<ratelimit::RateLimiter> limiter,
                             Poco::Logger& log)
    : _settings(std::move(settings)), _limiter(std::move(limiter)), _log(log),
      _errors(telemetry::MetricsRegistry::global().counter(
          "akashi.ratelimit.errors", "Rate limiter calls that failed; each such request was permitted (fail-open).",
          "{error}"))
{
    if (!_limiter)
        throw Exception(ErrorCode::internal, "the rate limit gate needs a rate limiter");
}

RateLimitGate::Verdict RateLimitGate::check(RateLimitClass limitClass, const auth::Principal* principal,
                                            const std::string& clientIp) const
{
    Verdict verdict;
    if (!_settings.enabled || limitClass == RateLimitClass::unlimited)
        return verdict;
    const auto classRule = _settings.classes.find(limitClass);
    const std::string className(rateLimitClassName(limitClass));
    std::vector<Bucket> buckets;
    if (limitClass == RateLimitClass::auth)
    {
        if (classRule == _settings.classes.end())
            return verdict;
        buckets.push_back({"auth:ip:" + clientIp, classRule->second, className});
    }
    else
    {
        // Without a principal (a routing-only table) nothing identifies the caller; platform_admin is
        // exempt by the runbook ("promote the agent to platform_admin").
        if (!principal || principal->role == auth::Role::platformAdmin)
            return verdict;
        const std::string subject = "org:" + principal->orgId + ":agent:" + principal->agentId;
        if (classRule != _settings.classes.end())
            buckets.push_back({className + ":" + subject, classRule->second, className});
        buckets.push_back({subject, _settings.global, "global"});
    }

    for (const auto& bucket : buckets)
    {
        const auto decision = ask(bucket.key, bucket.rule, bucket.name);
        if (!decision)
            continue;
        // Report the bucket that refused, else the one closest to refusing (the smaller limit on a tie).
        const bool tighter = !verdict.limited || decision->remaining < verdict.remaining ||
                             (decision->remaining == verdict.remaining && decision->limit < verdict.limit);
        if (decision->allowed && !tighter)
            continue;
        verdict.limited = true;
        verdict.allowed = decision->allowed;
        verdict.limit = decision->limit;
        verdict.remaining = decision->remaining;
        verdict.resetUnixSeconds = decision->resetUnixSeconds;
        verdict.retryAfterSeconds = decision->allowed ? 0 : std::max<std::uint64_t>(1, (decision->retryAfterMs + 999) / 1000);
        verdict.bucket = bucket.name;
        verdict.key = bucket.key;
        if (!decision->allowed)
            break; // a refused request spends nothing of the buckets after it
    }
    return verdict;
}

void RateLimitGate::admit(const RequestContext& context, const Poco::Net::HTTPServerRequest& request,
                          Poco::Net::HTTPServerResponse& response) const
{
    const RateLimitClass limitClass = classifyRoute(request.getMethod(), context.routeTemplate());
    if (!_settings.enabled || limitClass == RateLimitClass::unlimited)
        return;
    std::string clientIp;
    if (limitClass == RateLimitClass::auth)
        clientIp = ClientAddress::resolve(request.clientAddress().host().toString(), request.get("X-Forwarded-For", ""),
                                          _settings.trustProxy);
    const Verdict verdict = check(limitClass, context.authenticated() ? &context.principal() : nullptr, clientIp);
    if (!verdict.limited)
        return;
    response.set("X-RateLimit-Limit", std::to_string(verdict.limit));
    response.set("X-RateLimit-Remaining", std::to_string(verdict.remaining));
    response.set("X-RateLimit-Reset", std::to_string(verdict.resetUnixSeconds));
    if (verdict.allowed)
        return;
    response.set("Retry-After", std::to_string(verdict.retryAfterSeconds));
    logging::Fields fields{{"class", verdict.bucket},
                           {"key", verdict.key},
                           {"retry_after_seconds", verdict.retryAfterSeconds},
                           {"request_id", context.requestId()}};
    if (context.authenticated())
        fields.emplace_back("agent_id", context.principal().agentId);
    logging::warn(_log, "rate limit exceeded", fields);
    throw Exception(ErrorCode::rateLimited, "rate limit exceeded");
}

std::optional<ratelimit::RateLimitDecision> RateLimitGate::ask(const std::string& key,
                                                               const ratelimit::RateLimitRule& rule,
                                                               const std::string& bucket) const
{
    ratelimit::RateLimitDecision decision = _limiter->acquire(key, rule);
    if (decision.status.isOk())
        return decision;
    reportError(decision.status, bucket);
    return std::nullopt;
}

void RateLimitGate::reportError(const plugin::Status& status, const std::string& bucket) const
{
    _errors.add();
    const std::int64_t now = steadyMs();
    std::int64_t next = _nextErrorLogMs.load(std::memory_order_relaxed);
    // One thread per interval wins the exchange and logs; the others only count what they held back.
    if (now < next ||
        !_nextErrorLogMs.compare_exchange_strong(next, now + _settings.errorLogInterval.count(), std::memory_order_relaxed))
    {
        _suppressedErrors.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    logging::warn(_log, "rate limiter error, permitting request",
                  {{"class", bucket},
                   {"error", status.message},
                   {"suppressed", static_cast<std::int64_t>(_suppressedErrors.exchange(0, std::memory_order_relaxed))}});
}
} // namespace akashi::http
