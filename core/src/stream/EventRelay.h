#pragma once
#include "common/PeriodicTask.h"

#include <atomic>
#include <chrono>
#include <memory>

namespace akashi::storage
{
class Database;
}

namespace akashi::notify
{
class NotifyTransport;
}

namespace akashi::stream
{
/// Numbers committed stream_events and publishes them on the notify transport (migration 0009 says
/// why numbering waits for the relay). Every `interval`, while rows wait: in one transaction, take the
/// relay lock, number a batch, publish it in seq order, commit. Holding the lock while publishing keeps
/// ids in delivery order across instances; a publish that fails (transport reconnecting) hands the rest
/// of the batch its numbers back, so they are published later, never skipped.
class EventRelay
{
public:
    EventRelay(storage::Database& database, notify::NotifyTransport& transport, std::chrono::milliseconds interval);
    ~EventRelay();

    EventRelay(const EventRelay&) = delete;
    EventRelay& operator=(const EventRelay&) = delete;

    void stop() noexcept;
    /// stop() bounded as PeriodicTask::stop(timeout, interrupt); false when the timeout passed.
    bool stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt) noexcept;

    /// A decision was just committed here: publish now rather than at the next tick (saves up to one
    /// interval of latency for this instance's own traces). Thread-safe, cheap.
    void kick() noexcept;

    /// Events published so far (for tests and the benchmark).
    std::uint64_t published() const noexcept { return _published.load(); }

private:
    void pass();
    /// One batch; returns true when more rows may be waiting.
    bool relayBatch();

    storage::Database& _database;
    notify::NotifyTransport& _transport;
    std::atomic<std::uint64_t> _published{0};
    bool _failing = false; ///< relay thread only: log transitions, not every retry
    std::unique_ptr<PeriodicTask> _task; ///< last: starts once the rest is set
};
} // namespace akashi::stream
