#include "ingest/EventFlusher.h"

#include "ingest/EventCopyWriter.h"
#include "ingest/EventQueue.h"
#include "ingest/SequenceAllocator.h"
#include "logging/Log.h"
#include "storage/Database.h"
#include "telemetry/MetricsRegistry.h"

#include <Poco/Exception.h>

namespace akashi::ingest
{
namespace
{
Poco::Logger& logger()
{
    return Poco::Logger::get("ingest");
}

std::string reasonOf(const std::exception& e)
{
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&e))
        return poco->message().empty() ? poco->displayText() : poco->message();
    return e.what();
}
} // namespace

EventFlusher::EventFlusher(storage::Database& database, EventQueue& queue, SequenceAllocator& sequences)
    : _database(database), _queue(queue), _sequences(sequences),
      _ingestLag(telemetry::MetricsRegistry::global().histogram(
          "akashi.consistency.ingest_lag",
          "Time from an event batch's oldest admission to its commit (when readers can see it)", "ms"))
{
}

EventFlusher::~EventFlusher()
{
    abandon();
    join();
}

void EventFlusher::start()
{
    if (!_thread.joinable())
        _thread = std::thread([this] { run(); });
}

bool EventFlusher::awaitExit(std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (!_thread.joinable())
        return true;
    if (timeout.count() == 0)
    {
        _changed.wait(lock, [this] { return _exited; });
        return true;
    }
    return _changed.wait_for(lock, timeout, [this] { return _exited; });
}

void EventFlusher::abandon()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _abandoned = true;
    }
    _queue.stop();
    _changed.notify_all();
}

void EventFlusher::join() noexcept
{
    if (_thread.joinable())
        _thread.join();
}

void EventFlusher::run() noexcept
{
    bool flushed = false;
    for (;;)
    {
        EventBatch batch = _queue.takeBatch(flushed);
        if (batch.empty())
            break;
        flushed = writeUntilCommitted(batch);
        if (!flushed)
        {
            abandonTickets(batch, true);
            break;
        }
        topUpSequences();
    }
    abandonTickets(_queue.abandon(), false);
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _exited = true;
    }
    _changed.notify_all();
}

bool EventFlusher::writeUntilCommitted(const EventBatch& batch)
{
    auto pause = kFirstBackoff;
    for (int attempt = 1;; ++attempt)
    {
        const auto started = std::chrono::steady_clock::now();
        try
        {
            auto connection = _database.connection();
            // A retry may follow an attempt that committed after all (connection lost during COMMIT).
            std::optional<consistency::VisibilityToken> token;
            if (attempt > 1 && EventCopyWriter::alreadyWritten(*connection, batch))
                token = consistency::VisibilityToken::afterCommit(*connection);
            else
                token = EventCopyWriter::write(*connection, batch);
            const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
            settle(batch, token);
            logging::debug(logger(), "trace: batch flushed",
                           {{"batch_size", batch.eventCount}, {"flush_duration_ms", static_cast<std::int64_t>(elapsed.count())}});
            return true;
        }
        catch (const std::exception& e)
        {
            ++_failures;
            logging::error(logger(), "trace: flush failed",
                           {{"error", reasonOf(e)}, {"batch_size", batch.eventCount}, {"attempt", attempt},
                            {"retry_in_ms", static_cast<std::int64_t>(pause.count())}});
        }
        if (!backoff(pause))
            return false;
        pause = std::min(pause * 2, kMaxBackoff);
    }
}

bool EventFlusher::backoff(std::chrono::milliseconds pause)
{
    std::unique_lock<std::mutex> lock(_mutex);
    return !_changed.wait_for(lock, pause, [this] { return _abandoned; });
}

void EventFlusher::settle(const EventBatch& batch, const std::optional<consistency::VisibilityToken>& token)
{
    _queue.committed(batch.eventCount);
    _ingestLag.record(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - batch.firstAdmitted).count());
    ++_batches;
    _events += batch.eventCount;
    for (const auto& submission : batch.submissions)
    {
        if (!submission.ticket)
            continue;
        // Without the commit's LSN the request's own last row still proves visibility.
        const auto& last = submission.events.back();
        submission.ticket->commit(token ? *token
                                        : consistency::VisibilityToken::forBufferedEvents(last.runId, last.sequenceNum));
    }
}

void EventFlusher::abandonTickets(const EventBatch& batch, bool inFlight)
{
    if (batch.empty())
        return;
    logging::error(logger(), "trace: buffered events abandoned unwritten at shutdown", {{"events", batch.eventCount}});
    if (inFlight)
        _queue.committed(batch.eventCount); // no longer counted as buffered
    for (const auto& submission : batch.submissions)
        if (submission.ticket)
            submission.ticket->abandon();
}

void EventFlusher::topUpSequences() noexcept
{
    try
    {
        _sequences.topUp();
    }
    catch (const std::exception& e)
    {
        // take() reserves on demand; the request that needs it reports the outage
        logging::warn(logger(), "trace: sequence prefetch failed", {{"error", reasonOf(e)}});
    }
}
} // namespace akashi::ingest
