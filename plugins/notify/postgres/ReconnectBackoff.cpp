#include "ReconnectBackoff.h"

#include <algorithm>

namespace akashi::plugins::notify::postgres
{
ReconnectBackoff::ReconnectBackoff(std::int64_t baseMs, std::int64_t fastAttempts, std::int64_t maxMs) noexcept
    : _baseMs(baseMs), _fastAttempts(fastAttempts), _maxMs(maxMs)
{
}

std::chrono::milliseconds ReconnectBackoff::nominalDelay(std::int64_t attempt) const noexcept
{
    if (attempt < 1 || attempt > _fastAttempts)
        return std::chrono::milliseconds(_maxMs);
    // Double step by step so a large attempt count can never overflow the shift.
    std::int64_t delay = _baseMs;
    for (std::int64_t i = 1; i < attempt && delay < _maxMs; ++i)
        delay *= 2;
    return std::chrono::milliseconds(std::min(delay, _maxMs));
}

std::chrono::milliseconds ReconnectBackoff::delay(std::int64_t attempt, double unit) const noexcept
{
    const std::int64_t nominal = nominalDelay(attempt).count();
    const double clamped = std::clamp(unit, 0.0, 1.0);
    const auto shortening = static_cast<std::int64_t>(clamped * static_cast<double>(nominal) / 5.0);
    return std::chrono::milliseconds(std::max<std::int64_t>(1, nominal - shortening));
}
} // namespace akashi::plugins::notify::postgres
