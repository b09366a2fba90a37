#pragma once
#include <akashi/notify/NotifyTransport.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace akashi::mocks
{
/// A NotifyTransport driven by the test: `publish` records and queues, nothing is delivered until the
/// test calls `deliverPending()`, which runs the callbacks on the calling thread (the "transport thread"
/// of this fake). So a test decides exactly when deliveries happen and needs no waiting.
///
/// Same rules as the real transports: a message reaches the subscribers that had subscribed when it was
/// published, in subscription order; empty channels and payloads over `maxPayloadBytes()` (default
/// 7999, PostgreSQL's NOTIFY limit) are `invalidArgument` with the in-process transport's messages;
/// once `unsubscribe` returns the callback is not running and will not run (it waits for a
/// `deliverPending` running on another thread; from inside a callback it returns at once).
/// `failPublishWith` makes publish return a chosen status (e.g. unavailable) without recording;
/// `setConnected` reports a connection change to the registered callback on the calling thread.
/// Thread-safe: state behind one mutex, never held while a callback runs; a second (recursive) mutex
/// serialises delivery against unsubscribe.
class FakeNotifyTransport final : public notify::NotifyTransport
{
public:
    explicit FakeNotifyTransport(std::size_t maxPayloadBytes = 7999) : _maxPayloadBytes(maxPayloadBytes) {}

    plugin::Status publish(const std::string& channel, const std::string& payload) noexcept override
    {
        try
        {
            if (channel.empty())
                return plugin::Status::failure(plugin::StatusCode::invalidArgument, "channel name is empty");
            if (payload.size() > _maxPayloadBytes)
                return plugin::Status::failure(plugin::StatusCode::invalidArgument,
                                               "payload of " + std::to_string(payload.size()) +
                                                   " bytes exceeds the limit of " + std::to_string(_maxPayloadBytes) +
                                                   " bytes");
            std::lock_guard lock(_mutex);
            if (!_publishFailure.isOk())
                return _publishFailure;
            Pending message{channel, payload, {}};
            for (const auto& [id, subscription] : _subscriptions)
                if (subscription.channel == channel)
                    message.recipients.push_back(id);
            _published.emplace_back(channel, payload);
            _pending.push_back(std::move(message));
            return plugin::Status::success();
        }
        catch (const std::exception& e)
        {
            return plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
    }

    notify::SubscribeResult subscribe(const std::string& channel, notify::DeliveryCallback onMessage) noexcept override
    {
        notify::SubscribeResult result;
        try
        {
            if (channel.empty() || !onMessage)
            {
                result.status = plugin::Status::failure(plugin::StatusCode::invalidArgument,
                                                        channel.empty() ? "channel name is empty" : "callback is empty");
                return result;
            }
            std::lock_guard lock(_mutex);
            const std::uint64_t id = _nextId++;
            _subscriptions.emplace(
                id, Subscription{channel, std::make_shared<const notify::DeliveryCallback>(std::move(onMessage))});
            result.subscriptionId = id;
        }
        catch (const std::exception& e)
        {
            result = {};
            result.status = plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
        return result;
    }

    plugin::Status unsubscribe(std::uint64_t subscriptionId) noexcept override
    {
        try
        {
            std::shared_ptr<const notify::DeliveryCallback> removed;
            std::lock_guard delivery(_deliveryMutex);
            std::lock_guard lock(_mutex);
            auto it = _subscriptions.find(subscriptionId);
            if (it == _subscriptions.end())
                return plugin::Status::failure(plugin::StatusCode::invalidArgument,
                                               "unknown subscription id " + std::to_string(subscriptionId));
            removed = std::move(it->second.callback);
            _subscriptions.erase(it);
            return plugin::Status::success();
        }
        catch (const std::exception& e)
        {
            return plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
    }

    void onConnectionChange(notify::ConnectionCallback callback) noexcept override
    {
        std::lock_guard lock(_mutex);
        std::swap(_connectionCallback, callback);
    }

    std::size_t maxPayloadBytes() const noexcept override { return _maxPayloadBytes; }

    /// Delivers every queued message (including ones published by callbacks meanwhile) on this thread;
    /// returns how many callbacks ran. A callback's exception propagates to the caller.
    std::size_t deliverPending()
    {
        std::lock_guard delivery(_deliveryMutex);
        std::size_t calls = 0;
        for (;;)
        {
            Pending message;
            {
                std::lock_guard lock(_mutex);
                if (_pending.empty())
                    return calls;
                message = std::move(_pending.front());
                _pending.pop_front();
            }
            for (const std::uint64_t id : message.recipients)
            {
                std::shared_ptr<const notify::DeliveryCallback> callback;
                {
                    std::lock_guard lock(_mutex);
                    auto it = _subscriptions.find(id);
                    if (it == _subscriptions.end())
                        continue;
                    callback = it->second.callback;
                }
                (*callback)(message.channel, message.payload);
                ++calls;
            }
        }
    }

    /// Reports a connection change (only when `connected` differs from the current state) to the
    /// registered callback, on this thread. The fake starts connected.
    void setConnected(bool connected)
    {
        notify::ConnectionCallback callback;
        {
            std::lock_guard lock(_mutex);
            if (_connected == connected)
                return;
            _connected = connected;
            callback = _connectionCallback;
        }
        if (callback)
            callback(connected);
    }

    /// Following publishes return `status` (not ok) until called again with Status::success().
    void failPublishWith(plugin::Status status)
    {
        std::lock_guard lock(_mutex);
        _publishFailure = std::move(status);
    }

    /// Every accepted publish as (channel, payload), in order.
    std::vector<std::pair<std::string, std::string>> published() const
    {
        std::lock_guard lock(_mutex);
        return _published;
    }

    std::size_t pendingCount() const
    {
        std::lock_guard lock(_mutex);
        return _pending.size();
    }

    std::size_t subscriberCount(const std::string& channel) const
    {
        std::lock_guard lock(_mutex);
        std::size_t count = 0;
        for (const auto& [id, subscription] : _subscriptions)
            count += subscription.channel == channel ? 1 : 0;
        return count;
    }

private:
    struct Subscription
    {
        std::string channel;
        std::shared_ptr<const notify::DeliveryCallback> callback;
    };
    struct Pending
    {
        std::string channel;
        std::string payload;
        std::vector<std::uint64_t> recipients; ///< subscribed when published, in subscription order
    };

    const std::size_t _maxPayloadBytes;
    std::recursive_mutex _deliveryMutex;
    mutable std::mutex _mutex;
    std::map<std::uint64_t, Subscription> _subscriptions;
    std::deque<Pending> _pending;
    std::vector<std::pair<std::string, std::string>> _published;
    notify::ConnectionCallback _connectionCallback;
    plugin::Status _publishFailure;
    std::uint64_t _nextId = 1;
    bool _connected = true;
};
} // namespace akashi::mocks
