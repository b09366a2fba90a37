#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace akashi::storage
{
class Database;

/// Keeps agent_events partitions ahead of the clock: one thread that runs EventPartitions::ensure when
/// it starts and then every `interval`, logging `event partitions created` (with the count) when it
/// created some and `event partition maintenance failed` (with the error) when a pass failed, then
/// carrying on (an event without its day's partition still lands in the default partition).
/// The thread starts in the constructor and is stopped and joined by stop() or the destructor; stop()
/// interrupts the wait at once. Thread-safe: one mutex guards the stop flag.
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

    /// Passes finished so far, and how many of them failed (for tests and diagnostics).
    std::uint64_t passes() const noexcept { return _passes.load(); }
    std::uint64_t failures() const noexcept { return _failures.load(); }

private:
    void run();
    void pass();

    Database& _database;
    const Settings _settings;
    const Clock _clock;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    std::atomic<std::uint64_t> _passes{0};
    std::atomic<std::uint64_t> _failures{0};
    std::thread _thread; ///< last: starts once everything above is initialised
};
} // namespace akashi::storage
