#include "stream/EventRelay.h"

#include "logging/Log.h"
#include "storage/Database.h"
#include "storage/StreamEventLog.h"
#include "stream/StreamEnvelope.h"

#include <akashi/notify/NotifyTransport.h>

#include <Poco/Logger.h>

#include <stdexcept>

namespace akashi::stream
{
namespace
{
constexpr int kBatch = 500;
constexpr int kMaxBatchesPerPass = 20; ///< then the next tick: stop() is never kept waiting long

Poco::Logger& relayLog()
{
    return Poco::Logger::get("stream.relay");
}
} // namespace

EventRelay::EventRelay(storage::Database& database, notify::NotifyTransport& transport, std::chrono::milliseconds interval)
    : _database(database), _transport(transport)
{
    _task = std::make_unique<PeriodicTask>("stream relay interval", interval, [this] { pass(); }, relayLog(),
                                           "stream relay: pass failed");
}

EventRelay::~EventRelay()
{
    stop();
}

void EventRelay::stop() noexcept
{
    if (_task)
        _task->stop();
}

bool EventRelay::stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt) noexcept
{
    return !_task || _task->stop(timeout, interrupt);
}

void EventRelay::kick() noexcept
{
    if (_task)
        _task->runSoon();
}

void EventRelay::pass()
{
    try
    {
        for (int i = 0; i < kMaxBatchesPerPass && relayBatch(); ++i)
        {
        }
        if (_failing)
            logging::info(relayLog(), "stream relay: publishing again");
        _failing = false;
    }
    catch (const std::exception& e)
    {
        if (!_failing)
            logging::warn(relayLog(), "stream relay: publish failed",
                          {{"error", e.what()}, {"hint", "events stay in stream_events and are published once it recovers"}});
        _failing = true;
    }
}

bool EventRelay::relayBatch()
{
    {
        auto connection = _database.connection();
        if (!storage::StreamEventLog::hasUnnumbered(*connection))
            return false;
    }
    bool more = false;
    std::string failure;
    _database.transaction([&](storage::PgConnection& connection) {
        auto batch = storage::StreamEventLog::numberBatch(connection, kBatch);
        std::size_t sent = 0;
        for (; sent < batch.size(); ++sent)
        {
            const auto& event = batch[sent];
            const auto message =
                StreamEnvelope::encode(event.seq, event.orgId, event.payload, _transport.maxPayloadBytes());
            const auto status = _transport.publish(event.channel, message);
            if (!status.isOk())
            {
                failure = status.message;
                break;
            }
        }
        std::vector<std::int64_t> unsent;
        for (std::size_t i = sent; i < batch.size(); ++i)
            unsent.push_back(batch[i].id);
        storage::StreamEventLog::unnumber(connection, unsent);
        _published += sent;
        more = failure.empty() && batch.size() == static_cast<std::size_t>(kBatch);
    });
    if (!failure.empty())
        throw std::runtime_error("notify transport: " + failure);
    return more;
}
} // namespace akashi::stream
