#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace akashi
{
class PeriodicTask;
}

namespace akashi::storage
{
class Database;
}

namespace akashi::app
{
/// Stops a background loop (a PeriodicTask working on the database) within
/// akashi.shutdown.loop_drain_timeout (AKASHI_SHUTDOWN_LOOP_DRAIN_TIMEOUT): its pass in progress may
/// finish until then; past it the server logs `background loop: drain timed out` and cancels the
/// statement the pass waits on, so a loop blocked on a lock or a slow query cannot hold shutdown
/// forever. Maintenance a cancelled pass did not finish is redone by the next start's first pass.
class LoopShutdown
{
public:
    static constexpr const char* kTimeoutKey = "akashi.shutdown.loop_drain_timeout";

    /// Returns false when the timeout passed (and the pass was cancelled). `timeout` 0 = wait as long
    /// as the pass takes.
    static bool stop(PeriodicTask& loop, const std::string& name, std::chrono::milliseconds timeout,
                     storage::Database& database) noexcept;

    /// The same for a loop inside another object: `boundedStop` is its stop(timeout, interrupt).
    using BoundedStop =
        std::function<bool(std::chrono::milliseconds, const std::function<void(std::thread::id)>&)>;
    static bool stop(const BoundedStop& boundedStop, const std::string& name, std::chrono::milliseconds timeout,
                     storage::Database& database) noexcept;
};
} // namespace akashi::app
