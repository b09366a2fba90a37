#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace Poco
{
class Logger;
}

namespace akashi
{
/// A background loop: runs `work` once at start and then every `interval` on its own thread, until
/// stopped. An exception from `work` is counted and logged as `failureMessage` (with the error), and
/// the loop carries on: maintenance that failed once is retried at the next tick.
/// The thread starts in the constructor; stop() (or the destructor) interrupts the wait at once and
/// joins after the pass in progress. Thread-safe: one mutex guards the stop flag.
class PeriodicTask
{
public:
    /// `logger` must outlive this object. Throws akashi::Exception(configInvalid) naming `what` when
    /// `interval` is not positive.
    PeriodicTask(std::string what, std::chrono::milliseconds interval, std::function<void()> work, Poco::Logger& logger,
                 std::string failureMessage);
    ~PeriodicTask();

    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    /// Idempotent.
    void stop() noexcept;

    /// stop() with a bound on the wait for the pass in progress: past `timeout` (0 = no bound),
    /// `interrupt` is called with the loop's thread id, and again every 100 ms until the pass ends
    /// (e.g. to cancel the database statement it waits on); then joins. Returns false when the
    /// timeout passed. Idempotent (a second call returns true at once).
    bool stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt) noexcept;

    /// Starts the next pass now instead of at the end of the interval (after the one in progress, if
    /// any). Requests while a pass waits to start are merged into it. Cheap: for hot paths.
    void runSoon() noexcept;

    /// Passes finished so far, and how many of them failed (for tests and diagnostics).
    std::uint64_t passes() const noexcept { return _passes.load(); }
    std::uint64_t failures() const noexcept { return _failures.load(); }

private:
    void run();
    void pass();

    const std::chrono::milliseconds _interval;
    const std::function<void()> _work;
    Poco::Logger& _logger;
    const std::string _failureMessage;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    bool _soon = false; ///< runSoon() since the last pass started
    bool _exited = false; ///< run() returned (guarded by _mutex; signalled on _wake)
    std::atomic<std::uint64_t> _passes{0};
    std::atomic<std::uint64_t> _failures{0};
    std::thread _thread; ///< last: starts once everything above is initialised
};
} // namespace akashi
