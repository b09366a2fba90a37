#pragma once
#include "HttpReply.h"

#include <chrono>
#include <optional>
#include <string>

namespace akashi::plugins::embedding::remote
{
/// When a failed embedding request is sent again, and after how long: timeouts, connection failures, 408,
/// 429 and 5xx are retried up to `maxRetries` times with exponential backoff (initial, doubled per retry,
/// capped), or after the server's Retry-After when it gave one. A Retry-After longer than `maxRetryAfter`
/// ends the retries at once: blocking a worker for minutes helps nobody, and the caller gets the hint.
/// Deterministic (no jitter): callers are the outbox workers, few per instance. Immutable, thread-safe.
class RetryPolicy
{
public:
    using Millis = std::chrono::milliseconds;

    explicit RetryPolicy(unsigned maxRetries, Millis initialBackoff = Millis(250), Millis maxBackoff = Millis(8000),
                         Millis maxRetryAfter = Millis(20000)) noexcept;

    static bool isRetryable(const HttpReply& reply) noexcept;

    /// The wait before retry number `retriesDone + 1`, or nullopt when `reply` is final: not retryable,
    /// retries used up, or a Retry-After beyond `maxRetryAfter`.
    std::optional<Millis> delayBeforeRetry(unsigned retriesDone, const HttpReply& reply) const noexcept;

    /// The backoff alone for retry number `retriesDone + 1`; also the hint given with a final 429 that
    /// carried no Retry-After.
    Millis backoff(unsigned retriesDone) const noexcept;

    unsigned maxRetries() const noexcept { return _maxRetries; }

    /// A Retry-After value: delay-seconds ("2") or an HTTP-date (RFC 9110), relative to now.
    /// nullopt when it is neither. A date in the past means "now" (0 ms).
    static std::optional<Millis> parseRetryAfter(const std::string& value);

private:
    unsigned _maxRetries;
    Millis _initialBackoff;
    Millis _maxBackoff;
    Millis _maxRetryAfter;
};
} // namespace akashi::plugins::embedding::remote
