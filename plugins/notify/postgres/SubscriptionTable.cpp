#include "SubscriptionTable.h"

#include <utility>

namespace akashi::plugins::notify::postgres
{
bool SubscriptionTable::hasChannel(const std::string& channel) const
{
    std::lock_guard lock(_mutex);
    return _channels.find(channel) != _channels.end();
}

std::vector<std::string> SubscriptionTable::channels() const
{
    std::lock_guard lock(_mutex);
    std::vector<std::string> out;
    for (const auto& entry : _channels)
        out.push_back(entry.first);
    return out;
}

std::uint64_t SubscriptionTable::add(const std::string& channel, Callback callback)
{
    std::lock_guard lock(_mutex);
    const std::uint64_t id = _nextId;
    auto& subscriptions = _channels[channel];
    try
    {
        subscriptions.emplace(id, std::move(callback));
        _channelOf.emplace(id, channel);
    }
    catch (const std::exception&)
    {
        // Leave no half-made subscription (or empty channel) behind.
        subscriptions.erase(id);
        if (subscriptions.empty())
            _channels.erase(channel);
        throw;
    }
    ++_nextId;
    return id;
}

SubscriptionTable::Removed SubscriptionTable::remove(std::uint64_t subscriptionId)
{
    Removed removed;
    std::lock_guard lock(_mutex);
    auto owner = _channelOf.find(subscriptionId);
    if (owner == _channelOf.end())
        return removed;
    auto channel = _channels.find(owner->second);
    auto subscription = channel->second.find(subscriptionId);
    removed.found = true;
    removed.channel = owner->second;
    removed.callback = std::move(subscription->second);
    channel->second.erase(subscription);
    removed.wasLast = channel->second.empty();
    if (removed.wasLast)
        _channels.erase(channel);
    _channelOf.erase(owner);
    return removed;
}

void SubscriptionTable::waitUntilIdle(std::uint64_t subscriptionId)
{
    std::unique_lock lock(_mutex);
    _idle.wait(lock, [&] { return _running != subscriptionId; });
}

void SubscriptionTable::deliver(const Notification& notification, const ListenerWakeup& wakeup,
                                plugin::HostLogger& logger)
{
    std::unique_lock lock(_mutex);
    std::uint64_t lastId = 0;
    while (!wakeup.stopping())
    {
        auto channel = _channels.find(notification.channel);
        if (channel == _channels.end())
            return;
        auto next = channel->second.upper_bound(lastId);
        if (next == channel->second.end())
            return;
        lastId = next->first;
        Callback callback = next->second;
        _running = lastId;
        lock.unlock();
        invoke(*callback, lastId, notification, logger);
        // Let go before clearing _running: once waitUntilIdle returns, this thread holds nothing of it.
        callback.reset();
        lock.lock();
        _running = 0;
        _idle.notify_all();
    }
}

void SubscriptionTable::invoke(const akashi::notify::DeliveryCallback& callback, std::uint64_t subscriptionId,
                               const Notification& notification, plugin::HostLogger& logger) noexcept
{
    std::string error;
    try
    {
        callback(notification.channel, notification.payload);
        return;
    }
    catch (const std::exception& e)
    {
        error = e.what();
    }
    catch (...)
    {
        error = "not a std::exception";
    }
    logger.log(plugin::LogLevel::error, "notify subscriber callback threw",
               {{"channel", notification.channel},
                {"subscription_id", std::to_string(subscriptionId)},
                {"error", error}});
}
} // namespace akashi::plugins::notify::postgres
