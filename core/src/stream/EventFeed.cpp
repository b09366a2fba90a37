#include "stream/EventFeed.h"

#include "common/Exception.h"
#include "logging/Log.h"
#include "storage/Database.h"
#include "storage/StreamEventLog.h"
#include "stream/SseBroker.h"
#include "stream/StreamEnvelope.h"

#include <akashi/notify/NotifyTransport.h>

#include <Poco/Logger.h>

namespace akashi::stream
{
namespace
{
constexpr const char* kChannels[] = {"akashi_decisions", "akashi_conflicts"};
constexpr int kCatchUpPage = 1000;
/// How long after a reconnect the catch-up runs: a relay batch published while this instance was not
/// listening has committed by then (the relay's transaction ends right after its publishes).
constexpr auto kLateCatchUp = std::chrono::seconds(1);
/// How long a payload-less message waits for its relay batch to commit before it is given up.
constexpr auto kFetchPatience = std::chrono::seconds(2);

Poco::Logger& feedLog()
{
    return Poco::Logger::get("stream.feed");
}
} // namespace

EventFeed::EventFeed(storage::Database& database, notify::NotifyTransport& transport, SseBroker& broker)
    : _database(database), _transport(transport), _broker(broker)
{
}

EventFeed::~EventFeed()
{
    stop();
}

void EventFeed::start()
{
    {
        auto connection = _database.connection();
        _lastDelivered = storage::StreamEventLog::lastSeq(*connection);
    }
    _thread = std::thread([this] { run(); });
    _transport.onConnectionChange([this](bool connected) {
        _connected = connected;
        // From the loss until the catch-up, live messages are held: one published during the outage may
        // commit after a later one arrived, and subscribers must get ids in order.
        push({Item::Kind::hold, {}, {}, {}, 0});
        if (connected)
            push({Item::Kind::catchUp, {}, {}, std::chrono::steady_clock::now() + kLateCatchUp, ++_generation});
    });
    for (const char* channel : kChannels)
    {
        auto result = _transport.subscribe(channel, [this](const std::string& on, const std::string& message) {
            push({Item::Kind::message, on, message, {}, 0});
        });
        if (!result.status.isOk())
            throw Exception(ErrorCode::internal,
                            std::string("stream feed: cannot subscribe to ") + channel + ": " + result.status.message);
        _subscriptions.push_back(result.subscriptionId);
    }
}

void EventFeed::stop() noexcept
{
    _transport.onConnectionChange({});
    for (auto id : _subscriptions)
        _transport.unsubscribe(id);
    _subscriptions.clear();
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

void EventFeed::push(Item item)
{
    {
        std::lock_guard lock(_mutex);
        if (item.notBefore == std::chrono::steady_clock::time_point{})
            _queue.push_back(std::move(item));
        else
            _delayed.push_back(std::move(item));
    }
    _wake.notify_one();
}

void EventFeed::run()
{
    std::unique_lock lock(_mutex);
    for (;;)
    {
        const auto now = std::chrono::steady_clock::now();
        auto next = std::chrono::steady_clock::time_point::max();
        for (auto it = _delayed.begin(); it != _delayed.end();)
        {
            if (it->notBefore <= now)
            {
                _queue.push_back(std::move(*it));
                it = _delayed.erase(it);
                continue;
            }
            next = std::min(next, it->notBefore);
            ++it;
        }
        if (_queue.empty() && !_stopping)
        {
            if (next == std::chrono::steady_clock::time_point::max())
                _wake.wait(lock, [this] { return _stopping || !_queue.empty() || !_delayed.empty(); });
            else
                _wake.wait_until(lock, next, [this] { return _stopping || !_queue.empty(); });
            continue;
        }
        if (_stopping)
            return;
        Item item = std::move(_queue.front());
        _queue.pop_front();
        lock.unlock();
        try
        {
            handle(item);
        }
        catch (const std::exception& e)
        {
            logging::warn(feedLog(), "stream feed: event not delivered",
                          {{"error", e.what()},
                           {"hint", "subscribers that reconnect with Last-Event-ID replay it from stream_events"}});
        }
        lock.lock();
    }
}

void EventFeed::handle(const Item& item)
{
    if (item.kind == Item::Kind::hold)
    {
        _holding = true;
        return;
    }
    if (item.kind == Item::Kind::catchUp)
    {
        if (item.generation != _generation.load())
            return; // the connection changed again meanwhile: a later catch-up covers this one
        catchUp();
        // What arrived live meanwhile, in id order; what the catch-up already delivered is skipped.
        _holding = false;
        auto held = std::move(_held);
        _held.clear();
        for (auto& [seq, message] : held)
            handle(message);
        return;
    }
    auto envelope = StreamEnvelope::decode(item.message);
    if (!envelope)
    {
        logging::warn(feedLog(), "stream feed: unparseable notification dropped", {{"channel", item.channel}});
        return;
    }
    if (envelope->seq <= _lastDelivered.load())
        return; // already delivered by a catch-up
    if (_holding)
    {
        _held.emplace(envelope->seq, item);
        return;
    }
    if (envelope->payload)
    {
        deliver(envelope->seq, item.channel, envelope->orgId, std::move(*envelope->payload));
        return;
    }
    // Too large for NOTIFY: the relay publishes before it commits, so the row may take a moment to show.
    const auto deadline = std::chrono::steady_clock::now() + kFetchPatience;
    for (;;)
    {
        std::optional<storage::StreamEventRecord> record;
        {
            auto connection = _database.connection();
            record = storage::StreamEventLog::bySeq(*connection, envelope->seq);
        }
        if (record)
        {
            deliver(record->seq, record->channel, record->orgId, std::move(record->payload));
            return;
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw Exception(ErrorCode::internal, "event " + std::to_string(envelope->seq) + " not found in stream_events");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void EventFeed::catchUp()
{
    for (;;)
    {
        std::vector<storage::StreamEventRecord> page;
        {
            auto connection = _database.connection();
            page = storage::StreamEventLog::since(*connection, _lastDelivered.load(), kCatchUpPage);
        }
        for (auto& record : page)
            deliver(record.seq, std::move(record.channel), std::move(record.orgId), std::move(record.payload));
        if (static_cast<int>(page.size()) < kCatchUpPage)
            return;
    }
}

void EventFeed::deliver(std::int64_t seq, std::string channel, std::string orgId, std::string payload)
{
    auto event = makeStreamEvent(seq, std::move(channel), std::move(orgId), std::move(payload));
    _lastDelivered = std::max(_lastDelivered.load(), seq);
    if (!event)
    {
        logging::warn(feedLog(), "stream feed: event with a payload that is not a JSON object dropped", {{"seq", seq}});
        return;
    }
    _broker.publish(std::move(event));
}
} // namespace akashi::stream
