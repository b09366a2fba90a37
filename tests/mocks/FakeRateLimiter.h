#pragma once
#include <akashi/ratelimit/RateLimiter.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace akashi::mocks
{
/// A RateLimiter without a clock, for tests of code that rate-limits: each key gets `rule.burst`
/// permits in total and never refills until `reset`. So the outcome of the n-th call for a key is known
/// in advance: allowed while n <= burst, then refused with `retryAfterMs()` (default 1000 ms).
/// Decisions carry limit = burst, remaining = permits left, resetUnixSeconds = `setResetUnixSeconds`
/// (default 0). `failWith` makes every call return that status (a broken backend; the server then
/// fails open, so `allowed` stays true) until `failWith(Status::success())`.
/// Keys are recorded in call order. Thread-safe (one mutex).
class FakeRateLimiter final : public ratelimit::RateLimiter
{
public:
    ratelimit::RateLimitDecision acquire(const std::string& key, const ratelimit::RateLimitRule& rule) noexcept override
    {
        ratelimit::RateLimitDecision decision;
        try
        {
            std::lock_guard lock(_mutex);
            _keys.push_back(key);
            if (!_failure.isOk())
            {
                decision.status = _failure;
                return decision;
            }
            std::uint64_t& used = _used[key];
            decision.limit = rule.burst;
            decision.resetUnixSeconds = _resetUnixSeconds;
            decision.allowed = used < rule.burst;
            if (decision.allowed)
                ++used;
            else
                decision.retryAfterMs = _retryAfterMs;
            decision.remaining = rule.burst > used ? rule.burst - used : 0;
        }
        catch (const std::exception& e)
        {
            decision = {};
            decision.status = plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
        return decision;
    }

    /// Every following call returns `status` (not ok) until called again with Status::success().
    void failWith(plugin::Status status)
    {
        std::lock_guard lock(_mutex);
        _failure = std::move(status);
    }

    /// Gives `key` its full burst again.
    void reset(const std::string& key)
    {
        std::lock_guard lock(_mutex);
        _used.erase(key);
    }

    void setRetryAfterMs(std::uint64_t ms)
    {
        std::lock_guard lock(_mutex);
        _retryAfterMs = ms;
    }

    void setResetUnixSeconds(std::int64_t seconds)
    {
        std::lock_guard lock(_mutex);
        _resetUnixSeconds = seconds;
    }

    std::uint64_t retryAfterMs() const
    {
        std::lock_guard lock(_mutex);
        return _retryAfterMs;
    }

    /// The key of every call so far, in call order.
    std::vector<std::string> keys() const
    {
        std::lock_guard lock(_mutex);
        return _keys;
    }

private:
    mutable std::mutex _mutex;
    std::map<std::string, std::uint64_t> _used;
    std::vector<std::string> _keys;
    plugin::Status _failure;
    std::uint64_t _retryAfterMs = 1000;
    std::int64_t _resetUnixSeconds = 0;
};
} // namespace akashi::mocks
