#pragma once
#include "ListenerWakeup.h"
#include "NotifyConnection.h"

#include <akashi/notify/NotifyTransport.h>
#include <akashi/plugin/HostLogger.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace akashi::plugins::notify::postgres
{
/// The transport's subscriptions by channel, and the running of their callbacks. Thread-safe, behind one
/// mutex that is never held while a callback runs (callbacks may publish, subscribe and unsubscribe).
///
/// Delivery: a notification goes to the subscriptions its channel has when it is delivered, in
/// subscription order, looked up one by one so a subscription removed meanwhile is skipped. After
/// `remove` and `waitUntilIdle` the callback is not running, will never run again and is no longer held
/// (its last reference is returned to the caller, to be destroyed outside any mutex).
class SubscriptionTable
{
public:
    using Callback = std::shared_ptr<const akashi::notify::DeliveryCallback>;

    struct Removed
    {
        bool found = false;
        std::string channel;
        bool wasLast = false; ///< the channel has no subscriber left
        Callback callback;
    };

    bool hasChannel(const std::string& channel) const;
    std::vector<std::string> channels() const;

    /// Returns the new subscription's id (non-zero, growing).
    std::uint64_t add(const std::string& channel, Callback callback);
    Removed remove(std::uint64_t subscriptionId);

    /// Blocks until the callback of `subscriptionId` is not running (no-op when it is not).
    void waitUntilIdle(std::uint64_t subscriptionId);

    /// Runs the callbacks of `notification`'s channel, one at a time, until done or `wakeup` is stopped.
    /// A callback that throws is logged at error and the delivery goes on.
    void deliver(const Notification& notification, const ListenerWakeup& wakeup, plugin::HostLogger& logger);

private:
    void invoke(const akashi::notify::DeliveryCallback& callback, std::uint64_t subscriptionId,
                const Notification& notification, plugin::HostLogger& logger) noexcept;

    mutable std::mutex _mutex;
    std::condition_variable _idle; ///< waitUntilIdle waits for the running callback to return
    /// Subscriptions of each channel by id; ids grow with subscription order.
    std::unordered_map<std::string, std::map<std::uint64_t, Callback>> _channels;
    std::unordered_map<std::uint64_t, std::string> _channelOf;
    std::uint64_t _nextId = 1;
    std::uint64_t _running = 0; ///< id of the callback being run, 0 = none
};
} // namespace akashi::plugins::notify::postgres
