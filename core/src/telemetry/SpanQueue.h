#pragma once
#include "telemetry/MetricsRegistry.h"

#include <akashi/telemetry/Exporter.h>

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace akashi::telemetry
{
/// Finished spans waiting for the telemetry thread. Bounded: when it holds `capacity` spans a new one is
/// dropped and counted (`akashi.telemetry.dropped_spans`), so a slow or absent collector never blocks or
/// grows a request. When it reaches `batchSize` it calls `batchReady` once (outside its lock), so the
/// exporter thread can send a full batch before its interval (OTel's batch span processor does the same).
/// Thread-safe: one mutex, held only to move a span in or the batch out.
class SpanQueue
{
public:
    /// `capacity` and `batchSize` at least 1 (smaller values are raised to 1); `dropped` must outlive the queue.
    SpanQueue(std::size_t capacity, std::size_t batchSize, std::function<void()> batchReady, Counter& dropped);

    /// False when the queue was full and the span was dropped.
    bool push(Span span);

    /// Everything queued, oldest first; the queue is empty afterwards.
    std::vector<Span> drain();

    std::size_t size() const;
    std::size_t capacity() const noexcept { return _capacity; }

private:
    const std::size_t _capacity;
    const std::size_t _batchSize;
    const std::function<void()> _batchReady;
    Counter& _dropped;
    mutable std::mutex _mutex;
    std::vector<Span> _spans;
};
} // namespace akashi::telemetry
