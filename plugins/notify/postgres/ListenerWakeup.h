#pragma once
#include <atomic>
#include <chrono>

namespace akashi::plugins::notify::postgres
{
/// Wakes the listener thread out of poll(): an eventfd that is readable once `notify` or `stop` was
/// called and until `drain`. `stop` also sets a flag that never clears, so a wait interrupted by a plain
/// notify (e.g. a publish left notifications behind) can tell it from shutdown.
/// Thread-safe; the descriptor lives as long as the object.
class ListenerWakeup
{
public:
    /// Throws std::system_error when no eventfd can be created.
    ListenerWakeup();
    ~ListenerWakeup();

    ListenerWakeup(const ListenerWakeup&) = delete;
    ListenerWakeup& operator=(const ListenerWakeup&) = delete;

    /// The descriptor to poll for POLLIN.
    int fd() const noexcept { return _fd; }

    void notify() noexcept;
    void stop() noexcept;
    bool stopping() const noexcept { return _stopping.load(); }

    /// Makes the descriptor unreadable again (only the listener thread drains it).
    void drain() noexcept;

    /// Sleeps for `duration` unless stopped meanwhile; returns false when stopped. Plain notifies are
    /// drained and do not end the sleep.
    bool sleepFor(std::chrono::milliseconds duration) noexcept;

private:
    int _fd = -1;
    std::atomic<bool> _stopping{false};
};
} // namespace akashi::plugins::notify::postgres
