#include "TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace akashi::plugins::ratelimit::memory
{
namespace
{
/// Milliseconds as a duration, capped at ~100 years: a tiny rate would otherwise overflow the cast (and a
/// time point of steady_clock).
std::chrono::milliseconds cappedMs(double ms)
{
    constexpr double kMaxMs = 100.0 * 365 * 24 * 3600 * 1000;
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(std::min(ms, kMaxMs))));
}
} // namespace

bool TokenBucket::take(double rate, double burst, Clock::time_point now)
{
    const double elapsed = std::chrono::duration<double>(now - _updated).count();
    if (elapsed > 0)
    {
        _tokens = std::min(burst, _tokens + elapsed * rate);
        _updated = now;
    }
    if (_tokens < 1.0)
        return false;
    _tokens -= 1.0;
    return true;
}

std::chrono::milliseconds TokenBucket::untilFull(double rate, double burst) const
{
    if (rate <= 0)
        return std::chrono::milliseconds(0);
    return cappedMs((burst - _tokens) / rate * 1000.0);
}

std::chrono::milliseconds TokenBucket::untilOne(double rate) const
{
    if (_tokens >= 1.0)
        return std::chrono::milliseconds(0);
    if (rate <= 0)
        return std::chrono::hours(24);
    return cappedMs((1.0 - _tokens) / rate * 1000.0);
}
} // namespace akashi::plugins::ratelimit::memory
