#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace akashi::plugins::embedding::remote
{
/// What one HTTP exchange came to: an answer (any status), no answer within the timeout, or a failure to
/// talk at all (refused, DNS, TLS, reset). `error` describes the last two and never holds a secret.
struct HttpReply
{
    enum class Outcome
    {
        answered,
        timedOut,
        failed
    };

    Outcome outcome = Outcome::failed;
    int status = 0;
    std::string body;
    /// The Retry-After header of an answer, when it had a valid one.
    std::optional<std::chrono::milliseconds> retryAfter;
    std::string error;
};
} // namespace akashi::plugins::embedding::remote
