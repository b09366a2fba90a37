#pragma once
#include "ingest/EventBatch.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace akashi::storage
{
class Database;
}

namespace akashi::telemetry
{
class Histogram;
}

namespace akashi::ingest
{
class EventQueue;
class SequenceAllocator;

/// The one thread that drains an EventQueue: takes each due batch, writes it with EventCopyWriter on a
/// pooled connection, settles the batch's tickets with the commit's visibility token, then tops up the
/// SequenceAllocator. A failed write is logged (`trace: flush failed`, with the reason, batch size and
/// attempt) and retried with backoff from 50 ms doubling to 2 s, never dropped; before a retry it checks
/// whether the failed attempt had in fact committed (a connection lost during COMMIT). It exits when the
/// queue is drained and closed, or at once when `abandon` is called (drain timeout), abandoning the
/// tickets of what was not written. Never throws out of the thread. Thread-safe.
/// Each committed batch records `akashi.consistency.ingest_lag`: the time from its oldest event's admission
/// to the commit, i.e. how long an accepted event stayed invisible to readers (docs/telemetry.md).
class EventFlusher
{
public:
    EventFlusher(storage::Database& database, EventQueue& queue, SequenceAllocator& sequences);
    ~EventFlusher();

    EventFlusher(const EventFlusher&) = delete;
    EventFlusher& operator=(const EventFlusher&) = delete;

    /// Starts the thread; once only.
    void start();
    /// Waits until the loop has exited (queue drained), up to `timeout` (0 = forever). True if it exited.
    bool awaitExit(std::chrono::milliseconds timeout);
    /// Makes the loop stop retrying and exit; what is unwritten is abandoned (logged with its size).
    void abandon();
    /// Joins the thread (after the loop exited or `abandon`). Idempotent.
    void join() noexcept;

    std::uint64_t batchesWritten() const noexcept { return _batches.load(); }
    std::uint64_t eventsWritten() const noexcept { return _events.load(); }
    std::uint64_t failedAttempts() const noexcept { return _failures.load(); }

    static constexpr std::chrono::milliseconds kFirstBackoff{50};
    static constexpr std::chrono::milliseconds kMaxBackoff{2000};

private:
    void run() noexcept;
    /// True once the batch is committed; false when abandoned first.
    bool writeUntilCommitted(const EventBatch& batch);
    void settle(const EventBatch& batch, const std::optional<consistency::VisibilityToken>& token);
    /// `inFlight`: the batch was taken from the queue (counted in its depth until now).
    void abandonTickets(const EventBatch& batch, bool inFlight);
    void topUpSequences() noexcept;
    /// Sleeps `pause` unless abandoned first; returns false when abandoned.
    bool backoff(std::chrono::milliseconds pause);

    storage::Database& _database;
    EventQueue& _queue;
    SequenceAllocator& _sequences;
    std::mutex _mutex;
    std::condition_variable _changed;
    bool _abandoned = false;
    bool _exited = false;
    std::atomic<std::uint64_t> _batches{0};
    std::atomic<std::uint64_t> _events{0};
    std::atomic<std::uint64_t> _failures{0};
    telemetry::Histogram& _ingestLag; ///< akashi.consistency.ingest_lag
    std::thread _thread;
};
} // namespace akashi::ingest
