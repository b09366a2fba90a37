#pragma once
#include <chrono>

namespace akashi::bench
{
/// The measured interval: it opens `warmup` after construction and lasts `duration`. An operation counts
/// when it completes inside it.
struct MeasurementWindow
{
    using Clock = std::chrono::steady_clock;

    MeasurementWindow(double warmupSeconds, double durationSeconds)
        : opens(Clock::now() + seconds(warmupSeconds)), closes(opens + seconds(durationSeconds))
    {
    }

    bool contains(Clock::time_point t) const noexcept { return t >= opens && t <= closes; }
    bool over() const noexcept { return Clock::now() >= closes; }
    double lengthSeconds() const noexcept { return std::chrono::duration<double>(closes - opens).count(); }

    static std::int64_t micros(Clock::time_point from, Clock::time_point to)
    {
        return std::chrono::duration_cast<std::chrono::microseconds>(to - from).count();
    }

    const Clock::time_point opens;
    const Clock::time_point closes;

private:
    static Clock::duration seconds(double s)
    {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    }
};
} // namespace akashi::bench
