#include "TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace akashi::plugins::ratelimit::memory
{
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
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil((burst - _tokens) / rate * 1000.0)));
}

std::chrono::milliseconds TokenBucket::untilOne(double rate) const
{
    if (_tokens >= 1.0)
        return std::chrono::milliseconds(0);
    if (rate <= 0)
        return std::chrono::hours(24);
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil((1.0 - _tokens) / rate * 1000.0)));
}
} // namespace akashi::plugins::ratelimit::memory
