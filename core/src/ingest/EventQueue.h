#pragma once
#include "ingest/EventBatch.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>

namespace akashi::ingest
{
/// The events waiting to be flushed and the rules for when a batch is due. Producers `admit`
/// submissions; the single flusher thread takes whole batches with `takeBatch` and reports them with
/// `committed`. A batch is due when
///   - at least `flushSize` events are waiting, or
///   - the oldest waiting event has waited `flushTimeout`, or
///   - the previous flush has just finished and events are waiting (group commit: what arrived while
///     one batch committed goes out at once as the next), or
///   - a durable request is waiting and no flush is running (its client is blocked on the commit), or
///   - the queue is draining (shutdown).
/// `depth` counts events accepted but not committed (waiting + in flight); the hard cap applies to it.
/// Thread-safe: one mutex guards all state.
class EventQueue
{
public:
    struct Limits
    {
        std::size_t flushSize = 1000;
        std::chrono::milliseconds flushTimeout{100};
        std::size_t capacity = 100000;
    };

    enum class Admission
    {
        accepted,
        full,
        draining
    };

    explicit EventQueue(Limits limits);

    /// Would `count` more events be admitted now? (A cheap check before numbering them.)
    Admission probe(std::size_t count) const;

    /// Queues `submission` unless that would exceed the capacity or the queue is draining.
    Admission admit(Submission submission);

    /// Blocks until a batch is due and returns it (everything waiting), or returns an empty batch once
    /// the queue is draining and empty, or when `stop` was called. `previousFlushed` is true when the
    /// caller has just committed a batch.
    EventBatch takeBatch(bool previousFlushed);

    /// The in-flight batch of `count` events has committed.
    void committed(std::size_t count);

    /// From now on `admit` refuses with `draining`; the flusher is woken to write what is left.
    void beginDrain();
    /// Wakes `takeBatch` for good, even with events left (drain timeout): they are returned by `abandon`.
    void stop();
    /// Removes everything still waiting (after `stop`), for its tickets to be abandoned.
    EventBatch abandon();

    std::size_t depth() const;
    bool draining() const;

private:
    bool dueLocked(std::chrono::steady_clock::time_point now, bool previousFlushed) const;

    const Limits _limits;
    mutable std::mutex _mutex;
    std::condition_variable _wake;
    EventBatch _waiting;
    std::size_t _inFlight = 0;
    std::size_t _durableWaiting = 0;
    std::optional<std::chrono::steady_clock::time_point> _oldest;
    bool _draining = false;
    bool _stopped = false;
};
} // namespace akashi::ingest
