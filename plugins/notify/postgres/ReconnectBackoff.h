#pragma once
#include <chrono>
#include <cstdint>

namespace akashi::plugins::notify::postgres
{
/// The wait before each reconnect attempt after the connection was lost: `baseMs` doubling for the first
/// `fastAttempts` attempts (500, 1000, 2000, 4000, 8000 ms by default), never above `maxMs`, then `maxMs`
/// for every later attempt, forever. Each wait is jittered to between 80 % and 100 % of that nominal
/// value, so instances that lost PostgreSQL together do not all reconnect in the same millisecond, and
/// `maxMs` stays a true maximum. Pure arithmetic; the caller supplies the randomness.
class ReconnectBackoff
{
public:
    /// Requires 1 <= baseMs <= maxMs and fastAttempts >= 0 (the settings check them).
    ReconnectBackoff(std::int64_t baseMs, std::int64_t fastAttempts, std::int64_t maxMs) noexcept;

    /// The unjittered wait before attempt `attempt` (1 = the first after the loss).
    std::chrono::milliseconds nominalDelay(std::int64_t attempt) const noexcept;

    /// `nominalDelay(attempt)` shortened by `unit` (in [0, 1)) times a fifth of it; at least 1 ms.
    std::chrono::milliseconds delay(std::int64_t attempt, double unit) const noexcept;

private:
    std::int64_t _baseMs;
    std::int64_t _fastAttempts;
    std::int64_t _maxMs;
};
} // namespace akashi::plugins::notify::postgres
