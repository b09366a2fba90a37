#pragma once
#include <cstdint>
#include <string>

namespace akashi::plugin
{
/// Outcome classes a plugin reports instead of throwing. The server maps them to its own errors.
enum class StatusCode : std::uint8_t
{
    ok = 0,
    invalidArgument, ///< the caller's input is wrong; retrying the same call will fail again
    unavailable,     ///< a dependency is down or timed out; retrying later may succeed
    rateLimited,     ///< the upstream asked us to slow down; see `retryAfterMs`
    unsupported,     ///< this plugin does not offer the operation
    internal         ///< a bug or unexpected state inside the plugin
};

/// Result of a plugin call: a code, a human-readable message (never containing secrets) and an
/// optional retry hint in milliseconds (0 = none).
struct Status
{
    StatusCode code = StatusCode::ok;
    std::string message;
    std::uint64_t retryAfterMs = 0;

    bool isOk() const noexcept { return code == StatusCode::ok; }
    static Status success() noexcept { return {}; }
    static Status failure(StatusCode code, std::string message, std::uint64_t retryAfterMs = 0)
    {
        return Status{code, std::move(message), retryAfterMs};
    }
};
} // namespace akashi::plugin
