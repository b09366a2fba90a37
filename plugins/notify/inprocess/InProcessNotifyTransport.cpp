#include "InProcessNotifyTransport.h"

#include <akashi/plugin/ConfigReader.h>

#include <stdexcept>
#include <utility>

namespace akashi::plugins::notify::inprocess
{
namespace
{
plugin::Status invalid(std::string message)
{
    return plugin::Status::failure(plugin::StatusCode::invalidArgument, std::move(message));
}
} // namespace

InProcessNotifyTransport::InProcessNotifyTransport(const plugin::PluginContext& context) : _logger(context.logger)
{
    if (!_logger)
        throw std::invalid_argument("the plugin context has no logger");
    plugin::ConfigReader config(context.config);
    _capacity = static_cast<std::size_t>(config.integer("queue_capacity", 10000, 1, 1000000));
    config.rejectUnknownKeys();
    _thread = std::thread(&InProcessNotifyTransport::run, this);
}

InProcessNotifyTransport::~InProcessNotifyTransport()
{
    std::size_t discarded = 0;
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
        // The delivery thread pops nothing once _stopping is set, so this count is final.
        discarded = _queue.size();
    }
    _wake.notify_one();
    if (discarded > 0)
        _logger->log(plugin::LogLevel::warn, "notify transport stopped with undelivered messages",
                     {{"discarded", std::to_string(discarded)}});
    _thread.join();
}

plugin::Status InProcessNotifyTransport::publish(const std::string& channel, const std::string& payload) noexcept
{
    try
    {
        if (channel.empty())
            return invalid("channel name is empty");
        if (payload.size() > kMaxPayloadBytes)
            return invalid("payload of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                           std::to_string(kMaxPayloadBytes) + " bytes");
        {
            std::lock_guard lock(_mutex);
            if (_channels.find(channel) == _channels.end())
                return plugin::Status::success();
            if (_queue.size() >= _capacity)
                return plugin::Status::failure(plugin::StatusCode::unavailable,
                                               "notify queue is full (queue_capacity = " + std::to_string(_capacity) +
                                                   " reached): subscribers are not keeping up; "
                                                   "the message was not sent");
            _queue.push_back(Message{_nextSequence++, channel, payload});
        }
        _wake.notify_one();
        return plugin::Status::success();
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

akashi::notify::SubscribeResult InProcessNotifyTransport::subscribe(const std::string& channel,
                                                                    akashi::notify::DeliveryCallback onMessage) noexcept
{
    akashi::notify::SubscribeResult result;
    try
    {
        if (channel.empty())
        {
            result.status = invalid("channel name is empty");
            return result;
        }
        if (!onMessage)
        {
            result.status = invalid("callback is empty");
            return result;
        }
        auto callback = std::make_shared<const akashi::notify::DeliveryCallback>(std::move(onMessage));
        std::lock_guard lock(_mutex);
        const std::uint64_t id = _nextSubscriptionId;
        ChannelSubscriptions& subscriptions = _channels[channel];
        try
        {
            subscriptions.emplace(id, Subscription{_nextSequence, std::move(callback)});
            _channelOf.emplace(id, channel);
        }
        catch (const std::exception&)
        {
            // Leave no empty channel behind: publish would queue messages for nobody.
            subscriptions.erase(id);
            if (subscriptions.empty())
                _channels.erase(channel);
            throw;
        }
        ++_nextSubscriptionId;
        result.subscriptionId = id;
    }
    catch (const std::exception& e)
    {
        result = {};
        result.status = plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
    return result;
}

plugin::Status InProcessNotifyTransport::unsubscribe(std::uint64_t subscriptionId) noexcept
{
    try
    {
        // Declared before the lock so the callback (and what it captured) is destroyed after the mutex
        // is released: its destructor is user code.
        std::shared_ptr<const akashi::notify::DeliveryCallback> removed;
        std::unique_lock lock(_mutex);
        auto owner = _channelOf.find(subscriptionId);
        if (owner == _channelOf.end())
            return invalid("unknown subscription id " + std::to_string(subscriptionId));
        auto channel = _channels.find(owner->second);
        auto subscription = channel->second.find(subscriptionId);
        removed = std::move(subscription->second.callback);
        channel->second.erase(subscription);
        if (channel->second.empty())
            _channels.erase(channel);
        _channelOf.erase(owner);
        // The delivery thread looks the subscription up before every call, so it will not start it again.
        // If it is inside this callback now, wait for it to leave, unless we are that thread (a callback
        // unsubscribing): waiting would deadlock, and the caller is then the only callback running.
        if (std::this_thread::get_id() != _thread.get_id())
            _idle.wait(lock, [&] { return _running != subscriptionId; });
        return plugin::Status::success();
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

void InProcessNotifyTransport::onConnectionChange(akashi::notify::ConnectionCallback callback) noexcept
{
    try
    {
        // Never invoked (see the class comment); kept so its lifetime is what a caller expects. The
        // previous one is destroyed after the mutex is released.
        std::lock_guard lock(_mutex);
        std::swap(_connectionCallback, callback);
    }
    catch (const std::exception& e)
    {
        _logger->log(plugin::LogLevel::error, "notify connection callback not registered", {{"error", e.what()}});
    }
}

void InProcessNotifyTransport::run() noexcept
{
    std::unique_lock lock(_mutex);
    for (;;)
    {
        _wake.wait(lock, [&] { return _stopping || !_queue.empty(); });
        if (_stopping)
            return;
        const Message message = std::move(_queue.front());
        _queue.pop_front();
        deliver(lock, message);
    }
}

void InProcessNotifyTransport::deliver(std::unique_lock<std::mutex>& lock, const Message& message) noexcept
{
    // Walk the channel's subscriptions by id, looking the next one up under the mutex each time: any
    // subscription unsubscribed meanwhile is skipped, newer ones (higher ids) start after this message.
    std::uint64_t lastId = 0;
    while (!_stopping)
    {
        auto channel = _channels.find(message.channel);
        if (channel == _channels.end())
            return;
        auto next = channel->second.upper_bound(lastId);
        if (next == channel->second.end() || next->second.firstSequence > message.sequence)
            return;
        lastId = next->first;
        std::shared_ptr<const akashi::notify::DeliveryCallback> callback = next->second.callback;
        _running = lastId;
        lock.unlock();
        invoke(*callback, lastId, message);
        // Let go before clearing _running: once unsubscribe returns, this thread holds nothing of it.
        callback.reset();
        lock.lock();
        _running = 0;
        _idle.notify_all();
    }
}

void InProcessNotifyTransport::invoke(const akashi::notify::DeliveryCallback& callback, std::uint64_t subscriptionId,
                                      const Message& message) noexcept
{
    try
    {
        callback(message.channel, message.payload);
        return;
    }
    catch (const std::exception& e)
    {
        _logger->log(plugin::LogLevel::error, "notify subscriber callback threw",
                     {{"channel", message.channel},
                      {"subscription_id", std::to_string(subscriptionId)},
                      {"error", e.what()}});
    }
    catch (...)
    {
        _logger->log(plugin::LogLevel::error, "notify subscriber callback threw",
                     {{"channel", message.channel},
                      {"subscription_id", std::to_string(subscriptionId)},
                      {"error", "not a std::exception"}});
    }
}
} // namespace akashi::plugins::notify::inprocess
