#include "ingest/EventBuffer.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "ingest/BufferRejected.h"
#include "logging/Log.h"

#include <algorithm>

namespace akashi::ingest
{
namespace
{
Poco::Logger& logger()
{
    return Poco::Logger::get("ingest");
}

/// Sequence numbers reserved per round trip: a few flushes' worth, so enqueues rarely wait on it.
std::size_t sequenceBlock(std::size_t flushSize)
{
    return std::clamp<std::size_t>(flushSize * 2, 2048, 20000);
}

EventQueue::Limits limitsOf(const EventBuffer::Settings& settings)
{
    if (settings.flushSize == 0)
        throw Exception(ErrorCode::configInvalid, "the event buffer size must be at least 1",
                        "akashi.ingest.event_buffer_size (AKASHI_EVENT_BUFFER_SIZE) is 0.");
    if (settings.flushTimeout.count() <= 0)
        throw Exception(ErrorCode::configInvalid, "the event flush timeout must be greater than 0",
                        "akashi.ingest.event_flush_timeout (AKASHI_EVENT_FLUSH_TIMEOUT) is " +
                            std::to_string(settings.flushTimeout.count()) + " ms.",
                        "Set it to a duration such as 100ms.");
    return EventQueue::Limits{settings.flushSize, settings.flushTimeout, std::max<std::size_t>(settings.capacity, 1)};
}
} // namespace

EventBuffer::EventBuffer(storage::Database& database, Settings settings)
    : _settings(settings), _sequences(database, sequenceBlock(settings.flushSize), sequenceBlock(settings.flushSize) / 2),
      _queue(limitsOf(settings)), _flusher(database, _queue, _sequences),
      _droppedTotal(telemetry::MetricsRegistry::global().counter(
          "akashi.buffer.dropped_total", "Event appends refused because the buffer was full or draining", "1")),
      _depthMetric(telemetry::MetricsRegistry::global().addCollector([this](telemetry::MetricsRegistry& registry) {
          registry.gauge("akashi.buffer.depth", "Events accepted and not yet committed", "1")
              .set(static_cast<double>(_queue.depth()));
      }))
{
}

EventBuffer::~EventBuffer()
{
    stop();
}

void EventBuffer::start()
{
    _flusher.start();
}

void EventBuffer::stop() noexcept
{
    std::call_once(_stopped, [this] {
        _queue.beginDrain();
        if (!_flusher.awaitExit(_settings.drainTimeout))
        {
            logging::error(logger(), "trace: drain timed out waiting for flush loop",
                           {{"timeout_ms", static_cast<std::int64_t>(_settings.drainTimeout.count())},
                            {"buffered", _queue.depth()}});
            _flusher.abandon();
        }
        _flusher.join();
    });
}

void EventBuffer::reject(EventQueue::Admission admission, std::size_t requested)
{
    ++_rejected;
    _droppedTotal.add();
    if (admission == EventQueue::Admission::draining)
    {
        logging::warn(logger(), BufferRejected::kDrainingMessage, {{"requested", requested}});
        throw BufferRejected(BufferRejected::kDrainingMessage, 1);
    }
    logging::warn(logger(), "trace: buffer at capacity",
                  {{"buffered", _queue.depth()}, {"requested", requested}, {"capacity", _settings.capacity}});
    throw BufferRejected(BufferRejected::kFullMessage, 1);
}

EventBuffer::Receipt EventBuffer::append(const std::string& runId, std::vector<storage::EventRecord> events,
                                         bool durable)
{
    if (events.empty())
        throw Exception(ErrorCode::internal, "EventBuffer::append called without events");
    const std::size_t count = events.size();
    Receipt receipt;
    receipt.eventIds.reserve(count);
    for (auto& event : events)
    {
        event.id = auth::RandomId::uuidV4();
        event.runId = runId;
        receipt.eventIds.push_back(event.id);
    }
    Submission submission;
    if (durable)
        submission.ticket = std::make_shared<FlushTicket>();
    auto ticket = submission.ticket;
    {
        // Numbering and queueing under one lock: the queue holds events in sequence order.
        std::lock_guard<std::mutex> lock(_admission);
        if (const auto admission = _queue.probe(count); admission != EventQueue::Admission::accepted)
            reject(admission, count);
        const auto numbers = _sequences.take(count);
        for (std::size_t i = 0; i < count; ++i)
            events[i].sequenceNum = numbers[i];
        receipt.lastSequenceNum = numbers.back();
        submission.events = std::move(events);
        if (const auto admission = _queue.admit(std::move(submission)); admission != EventQueue::Admission::accepted)
            reject(admission, count);
    }
    if (!durable)
    {
        receipt.token = consistency::VisibilityToken::forBufferedEvents(runId, receipt.lastSequenceNum);
        return receipt;
    }
    const auto state = ticket->wait(_settings.ackTimeout, receipt.token);
    if (state == FlushTicket::State::committed)
    {
        receipt.persisted = true;
        return receipt;
    }
    if (state == FlushTicket::State::abandoned)
        throw Exception(ErrorCode::serviceUnavailable,
                        "events were not written: the server shut down before the database accepted them");
    // Not committed within the ack timeout (the database is slow or down): the events stay buffered and
    // will be written, so the answer is "buffered" with the token of their last row, never an error that
    // invites a resend and so a duplicate.
    receipt.token = consistency::VisibilityToken::forBufferedEvents(runId, receipt.lastSequenceNum);
    return receipt;
}
} // namespace akashi::ingest
