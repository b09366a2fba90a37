#pragma once
#include <akashi/notify/NotifyTransport.h>
#include <akashi/plugin/HostLogger.h>
#include <akashi/plugin/PluginContext.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace akashi::plugins::notify::inprocess
{
/// Fans messages out to the subscribers of this process only (a single-node server; several instances
/// need the postgres transport).
///
/// Threading: `publish` only queues the message; one delivery thread owned by the instance (started by
/// the constructor, stopped and joined by the destructor) runs every callback, one at a time, in publish
/// order. All state sits behind one mutex, which is never held while a callback runs, so callbacks may
/// publish, subscribe and unsubscribe without deadlocking (the header asks them not to call back in;
/// this transport tolerates it).
///
/// Delivery rules:
///   * A subscriber receives the messages published after its `subscribe` returned ok, never earlier
///     ones still in the queue (like LISTEN/NOTIFY). A message published while its channel has no
///     subscriber reaches no one and does not take queue space.
///   * Each subscriber sees a channel's messages in publish order; subscribers of one message are
///     called in subscription order.
///   * `unsubscribe` from any other thread waits until the delivery thread has left that callback; once
///     it returns the callback is not running and will never run again, and the transport no longer
///     holds it. Called from inside a callback (necessarily on the delivery thread), it returns without
///     waiting: the subscription being removed is either not running (only one callback runs at a
///     time) or is the caller itself, which is never called again after it returns.
///   * A callback that throws despite the contract is logged at error and the delivery goes on.
///   * On destruction the delivery thread stops once the callback it is running returns: the rest of
///     that message's subscribers and every message still queued are discarded, with one warn line
///     counting the queued ones.
///   * `onConnectionChange`: an in-process transport cannot lose its connection, so the callback is
///     stored (released when replaced, cleared or on destruction) and never invoked.
///
/// The destructor must not run on the delivery thread (i.e. from inside a callback): it joins it.
class InProcessNotifyTransport final : public akashi::notify::NotifyTransport
{
public:
    /// PostgreSQL's NOTIFY limit (8000 bytes including the terminating NUL), so code written against
    /// this transport also works with the postgres one.
    static constexpr std::size_t kMaxPayloadBytes = 7999;

    /// Config: `queue_capacity` (1..1000000, default 10000): messages waiting for the delivery thread
    /// (the one being delivered does not count). Throws std::invalid_argument naming a bad or unknown key.
    explicit InProcessNotifyTransport(const plugin::PluginContext& context);

    /// Stops the delivery thread after the callback it is running returns, and joins it.
    ~InProcessNotifyTransport() override;

    InProcessNotifyTransport(const InProcessNotifyTransport&) = delete;
    InProcessNotifyTransport& operator=(const InProcessNotifyTransport&) = delete;

    /// Errors: `invalidArgument` (empty channel, payload over maxPayloadBytes()), `unavailable` (queue
    /// full: subscribers are not keeping up; nothing was queued), `internal`.
    plugin::Status publish(const std::string& channel, const std::string& payload) noexcept override;

    /// Errors: `invalidArgument` (empty channel or empty callback), `internal`.
    akashi::notify::SubscribeResult subscribe(const std::string& channel,
                                              akashi::notify::DeliveryCallback onMessage) noexcept override;

    /// Errors: `invalidArgument` for an id that is not (or no longer) subscribed, `internal`.
    plugin::Status unsubscribe(std::uint64_t subscriptionId) noexcept override;

    void onConnectionChange(akashi::notify::ConnectionCallback callback) noexcept override;

    std::size_t maxPayloadBytes() const noexcept override { return kMaxPayloadBytes; }

private:
    struct Message
    {
        std::uint64_t sequence;
        std::string channel;
        std::string payload;
    };

    struct Subscription
    {
        /// Sequence number of the first message this subscription receives.
        std::uint64_t firstSequence;
        /// Shared so the delivery thread can run it with the mutex released while unsubscribe erases it.
        std::shared_ptr<const akashi::notify::DeliveryCallback> callback;
    };

    /// Subscriptions of one channel by id; ids grow with subscription order.
    using ChannelSubscriptions = std::map<std::uint64_t, Subscription>;

    void run() noexcept;
    void deliver(std::unique_lock<std::mutex>& lock, const Message& message) noexcept;
    void invoke(const akashi::notify::DeliveryCallback& callback, std::uint64_t subscriptionId,
                const Message& message) noexcept;

    plugin::HostLogger* _logger;
    std::size_t _capacity;

    std::mutex _mutex;
    std::condition_variable _wake; ///< the delivery thread waits for messages or stop
    std::condition_variable _idle; ///< unsubscribe waits for the running callback to return
    std::deque<Message> _queue;
    std::unordered_map<std::string, ChannelSubscriptions> _channels;
    std::unordered_map<std::uint64_t, std::string> _channelOf;
    akashi::notify::ConnectionCallback _connectionCallback;
    std::uint64_t _nextSubscriptionId = 1;
    std::uint64_t _nextSequence = 1;
    std::uint64_t _running = 0; ///< id of the subscription whose callback runs now, 0 = none
    bool _stopping = false;

    /// Last member: started once everything above is initialised.
    std::thread _thread;
};
} // namespace akashi::plugins::notify::inprocess
