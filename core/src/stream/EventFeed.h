#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
class SseBroker;

/// Receives the relay's messages from the notify transport and hands them to the broker as events,
/// in seq order and each once:
/// - a message without its payload (too large for NOTIFY) is completed from stream_events by seq;
/// - when the transport loses its connection, live messages are held; a moment after it is back (so a
///   batch published meanwhile has committed) what was published since the last delivered id is read
///   from stream_events, then the held messages follow: subscribers that stay connected through a notify
///   outage miss nothing and still get ids in order.
/// The transport's callbacks only queue; one feed thread does the work (callbacks must be quick).
class EventFeed
{
public:
    EventFeed(storage::Database& database, notify::NotifyTransport& transport, SseBroker& broker);
    ~EventFeed();

    EventFeed(const EventFeed&) = delete;
    EventFeed& operator=(const EventFeed&) = delete;

    /// Subscribes to the channels and starts the thread. Throws akashi::Exception when the transport
    /// refuses a subscription.
    void start();
    void stop() noexcept;

    /// The newest seq handed to the broker (subscribers resuming from an id wait until the database
    /// shows at least this one committed before reading their replay).
    std::int64_t lastDelivered() const noexcept { return _lastDelivered.load(); }

    /// False while the transport is reconnecting.
    bool connected() const noexcept { return _connected.load(); }

private:
    struct Item
    {
        enum class Kind
        {
            message,
            hold,   ///< the connection changed: hold live messages until the next catch-up
            catchUp
        } kind = Kind::message;
        std::string channel;
        std::string message;
        std::chrono::steady_clock::time_point notBefore{};
        std::uint64_t generation = 0; ///< catch-up only: which connection change scheduled it
    };

    void push(Item item);
    void run();
    void handle(const Item& item);
    void catchUp();
    void deliver(std::int64_t seq, std::string channel, std::string orgId, std::string payload);

    storage::Database& _database;
    notify::NotifyTransport& _transport;
    SseBroker& _broker;
    std::vector<std::uint64_t> _subscriptions;
    std::atomic<std::int64_t> _lastDelivered{0};
    std::atomic<bool> _connected{true};
    std::atomic<std::uint64_t> _generation{0}; ///< connection changes so far

    // Feed thread only.
    bool _holding = false;
    std::map<std::int64_t, Item> _held; ///< live messages held since the connection changed, by seq

    std::mutex _mutex;
    std::condition_variable _wake;
    std::deque<Item> _queue;
    std::vector<Item> _delayed; ///< catch-ups scheduled for later
    bool _stopping = false;
    std::thread _thread;
};
} // namespace akashi::stream
