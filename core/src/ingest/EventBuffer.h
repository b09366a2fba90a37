#pragma once
#include "consistency/VisibilityToken.h"
#include "ingest/EventFlusher.h"
#include "ingest/EventQueue.h"
#include "ingest/SequenceAllocator.h"
#include "storage/EventRecord.h"
#include "telemetry/MetricsRegistry.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace akashi::storage
{
class Database;
}

namespace akashi::ingest
{
/// Durable event ingestion (docs/ingest.md): append requests number their events and queue them; one
/// flusher thread writes them in batches, one COPY per transaction, with group commit. A durable append
/// returns only after its batch committed; a fire-and-forget append returns at once with a token that
/// becomes satisfiable when the rows exist.
///
/// Lifecycle: construct, `start()` (after the database is up), `stop()` once the HTTP server has drained
/// (so in-flight requests get their ack) and before the database closes. Thread-safe: appends are
/// admitted one at a time under one mutex (numbering and queueing in arrival order); the queue, the
/// allocator and the flusher each guard their own state.
class EventBuffer
{
public:
    struct Settings
    {
        std::size_t flushSize = 1000;                      ///< akashi.ingest.event_buffer_size
        std::chrono::milliseconds flushTimeout{100};       ///< akashi.ingest.event_flush_timeout
        std::size_t capacity = kHardCapacity;              ///< buffered (uncommitted) events at most
        std::chrono::milliseconds ackTimeout{30000};       ///< longest a durable append waits for its commit
        std::chrono::milliseconds drainTimeout{0};         ///< akashi.shutdown.buffer_drain_timeout; 0 = forever
    };

    static constexpr std::size_t kHardCapacity = 100000;

    /// What an accepted append got.
    struct Receipt
    {
        std::vector<std::string> eventIds;
        std::int64_t lastSequenceNum = 0;
        bool persisted = false; ///< durable ack: the batch committed
        consistency::VisibilityToken token;
    };

    /// `database` must outlive this object. Throws akashi::Exception(configInvalid) for a zero flush
    /// size or flush timeout.
    EventBuffer(storage::Database& database, Settings settings);
    ~EventBuffer();

    EventBuffer(const EventBuffer&) = delete;
    EventBuffer& operator=(const EventBuffer&) = delete;

    void start();

    /// Drains: refuses new appends (503 `trace: buffer is draining`), writes everything accepted, then
    /// joins the flusher. With a drain timeout that expires it logs `trace: drain timed out waiting for
    /// flush loop` and abandons what is unwritten. Idempotent.
    void stop() noexcept;

    /// Numbers `events` (all of run `runId`; ids, run, org, agent, type, time and payload filled in) and
    /// buffers them. `durable`: waits for the commit, up to the ack timeout; when it does not come in time
    /// the receipt says not persisted (the events stay buffered and will be written), as for a
    /// non-durable append. Throws BufferRejected (503, nothing buffered) when the buffer is full —
    /// logging `trace: buffer at capacity` — or draining; akashi::Exception(serviceUnavailable) when the
    /// buffer gave up at shutdown; what the database throws when no sequence numbers could be reserved.
    Receipt append(const std::string& runId, std::vector<storage::EventRecord> events, bool durable);

    /// Events accepted and not yet committed (for /health).
    std::size_t depth() const { return _queue.depth(); }
    /// Requests refused because the buffer was full or draining (also akashi.buffer.dropped_total).
    std::uint64_t rejected() const noexcept { return _rejected.load(); }

    const EventFlusher& flusher() const noexcept { return _flusher; }
    const Settings& settings() const noexcept { return _settings; }

private:
    [[noreturn]] void reject(EventQueue::Admission admission, std::size_t requested);

    const Settings _settings;
    SequenceAllocator _sequences;
    EventQueue _queue;
    EventFlusher _flusher;
    std::mutex _admission;
    std::atomic<std::uint64_t> _rejected{0};
    telemetry::Counter& _droppedTotal; ///< akashi.buffer.dropped_total
    std::once_flag _stopped;
    /// akashi.buffer.depth sampled at each collect. Last: unregistered before anything it reads goes.
    telemetry::MetricsRegistry::Registration _depthMetric;
};
} // namespace akashi::ingest
