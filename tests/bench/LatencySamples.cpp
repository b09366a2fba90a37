#include "LatencySamples.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace akashi::bench
{
void LatencySamples::merge(const LatencySamples& other)
{
    _micros.insert(_micros.end(), other._micros.begin(), other._micros.end());
    _sorted = false;
}

void LatencySamples::sort()
{
    if (!_sorted)
        std::sort(_micros.begin(), _micros.end());
    _sorted = true;
}

double LatencySamples::percentileMillis(double p)
{
    if (_micros.empty())
        return 0;
    sort();
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(_micros.size())));
    const std::size_t index = std::clamp<std::size_t>(rank, 1, _micros.size()) - 1;
    return static_cast<double>(_micros[index]) / 1000.0;
}

double LatencySamples::maxMillis()
{
    if (_micros.empty())
        return 0;
    sort();
    return static_cast<double>(_micros.back()) / 1000.0;
}

double LatencySamples::meanMillis() const
{
    if (_micros.empty())
        return 0;
    const double total = std::accumulate(_micros.begin(), _micros.end(), 0.0);
    return total / static_cast<double>(_micros.size()) / 1000.0;
}
} // namespace akashi::bench
