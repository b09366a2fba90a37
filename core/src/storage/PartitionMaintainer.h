#pragma once
#include "common/PeriodicTask.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace akashi::storage
{
class Database;

/// Keeps agent_events partitions ahead of the clock: one thread that runs EventPartitions::ensure when
/// it starts and then every `interval`, logging `event partitions created` (with the count) when it
/// created some and `event partition maintenance failed` (with the error) when a pass failed, then
/// carrying on (an event without its day's partition still lands in the default partition).
/// The loop is a PeriodicTask: it starts in the constructor and is stopped and joined by stop() or the
/// destructor.
class PartitionMaintainer
{
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    struct Settings
    {
        std::chrono::milliseconds interval{std::chrono::hours(1)}; ///< > 0
        int daysAhead = 7;                                          ///< >= 0
        /// Yesterday too: events stamped just before midnight arrive after it (clock skew, buffering).
        int daysBehind = 1; ///< >= 0
    };

    /// `database` must outlive this object. Throws akashi::Exception(configInvalid) for an interval
    /// that is not positive or a negative day count.
    PartitionMaintainer(Database& database, Settings settings, Clock clock = &std::chrono::system_clock::now);
    ~PartitionMaintainer();

    PartitionMaintainer(const PartitionMaintainer&) = delete;
    PartitionMaintainer& operator=(const PartitionMaintainer&) = delete;

    /// Idempotent; returns after the thread has finished its current pass and exited.
    void stop() noexcept;
    /// stop() bounded as PeriodicTask::stop(timeout, interrupt); false when the timeout passed.
    bool stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt) noexcept;

    /// Passes finished so far, and how many of them failed (for tests and diagnostics).
    std::uint64_t passes() const noexcept { return _task->passes(); }
    std::uint64_t failures() const noexcept { return _task->failures(); }

private:
    void pass();

    Database& _database;
    const Settings _settings;
    const Clock _clock;
    std::unique_ptr<PeriodicTask> _task; ///< last: starts once everything above is initialised
};
} // namespace akashi::storage
