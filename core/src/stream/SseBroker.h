#pragma once
#include "stream/StreamEvent.h"

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace akashi::stream
{
/// Fans stream events out to SSE connections without a thread per connection: the HTTP handler
/// writes nothing itself, it detaches the socket after authenticating and hands it here, and one
/// thread writes to every subscriber with non-blocking sends driven by epoll (DESIGN.md §5).
///
/// Each subscriber has a bounded queue. A subscriber that falls `queueLimit` events behind is
/// disconnected and its queued events counted in `akashi.broker.dropped_events`: it reconnects with
/// Last-Event-ID and replays them from PostgreSQL, so a slow client loses nothing and cannot make the
/// server hold unbounded memory. Every `keepaliveInterval` each subscriber gets `: keepalive`.
///
/// Thread-safety: every public method may be called from any thread; they only queue a command for
/// the broker thread.
class SseBroker
{
public:
    struct Settings
    {
        std::chrono::milliseconds keepaliveInterval{15000};
        std::size_t queueLimit = 64;        ///< events queued per subscriber before it is dropped
        std::size_t maxSubscribers = 20000; ///< `open` refuses beyond this
    };

    /// Which events a subscriber receives (org already matched), and optionally its own frame for
    /// one (default: the event's SSE frame; return nullptr to skip it).
    struct Subscription
    {
        std::string orgId;
        std::function<bool(const StreamEvent&)> accepts;
        std::function<std::shared_ptr<const std::string>(const StreamEvent&)> format;
    };

    explicit SseBroker(Settings settings);
    ~SseBroker();

    SseBroker(const SseBroker&) = delete;
    SseBroker& operator=(const SseBroker&) = delete;

    /// Starts the broker thread. Throws akashi::Exception when epoll cannot be set up.
    void start();

    /// Closes every subscriber connection and joins the thread. Idempotent.
    void stop();

    /// Registers a subscriber that collects matching events from now on (so nothing published while
    /// the caller reads its replay is missed). Returns 0 when the broker is full or stopped.
    std::uint64_t open(Subscription subscription);

    /// Hands the connection to the broker: `preamble` (HTTP head and replayed frames) is written
    /// first, then the queued events with seq > `replayedThrough`, then live events. With
    /// `closeAfterPreamble` (a replay cut at its limit) the connection closes once the preamble is out,
    /// and the client resumes from the last id it got.
    void attach(std::uint64_t id, Poco::Net::StreamSocket socket, std::string preamble, std::int64_t replayedThrough,
                bool closeAfterPreamble = false);

    /// Forgets a subscriber `open` returned that will not be attached (e.g. its replay failed).
    void cancel(std::uint64_t id);

    /// Queues `event` for every subscriber of its org that accepts it.
    void publish(std::shared_ptr<const StreamEvent> event);

    bool running() const noexcept { return _running.load(); }
    std::size_t subscribers() const noexcept { return _subscriberCount.load(); }
    std::uint64_t droppedEvents() const noexcept { return _dropped.load(); }

private:
    struct Frame
    {
        std::shared_ptr<const std::string> text;
        std::int64_t seq = 0; ///< 0 for the preamble and keepalives
    };
    struct Subscriber;
    struct Command;

    void post(Command command);
    void run();
    void apply(Command& command);
    void deliver(const StreamEvent& event);
    void keepalive();
    void enqueue(Subscriber& subscriber, Frame frame);
    void flush(Subscriber& subscriber);
    void flushDirty();
    void onReadable(Subscriber& subscriber);
    void watchWrites(Subscriber& subscriber, bool enable);
    /// Forgets a subscriber and closes its connection; `reset` discards what the kernel still holds.
    void drop(std::uint64_t id, bool reset = false);

    const Settings _settings;
    int _epoll = -1;
    int _wake = -1; ///< eventfd: a command is waiting
    std::thread _thread;
    std::atomic<bool> _running{false};
    std::atomic<std::size_t> _subscriberCount{0};
    std::atomic<std::uint64_t> _dropped{0};
    std::atomic<std::uint64_t> _nextId{1};

    std::mutex _mutex; ///< guards _commands and _stopping
    std::vector<Command> _commands;
    bool _stopping = false;

    // Broker thread only.
    std::unordered_map<std::uint64_t, std::unique_ptr<Subscriber>> _subscribers;
    std::unordered_map<std::string, std::unordered_set<std::uint64_t>> _byOrg;
    std::vector<std::uint64_t> _dirty; ///< subscribers with frames queued since the last flush
};
} // namespace akashi::stream
