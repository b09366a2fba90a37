#pragma once
#include <akashi/notify/NotifyTransport.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace akashi::mocks
{
/// The subscriber side of a NotifyTransport: `callback()` records every delivery (channel, payload and
/// the thread it ran on). Thread-safe; `waitFor` lets a test block, with a timeout, until asynchronous
/// deliveries arrived instead of sleeping. Must outlive every subscription made with its callback.
class RecordingSubscriber
{
public:
    struct Delivery
    {
        std::string channel;
        std::string payload;
        std::thread::id thread;
    };

    notify::DeliveryCallback callback()
    {
        return [this](const std::string& channel, const std::string& payload) { add(channel, payload); };
    }

    /// Records one delivery; for callbacks that do more than record.
    void add(const std::string& channel, const std::string& payload)
    {
        {
            std::lock_guard lock(_mutex);
            _deliveries.push_back({channel, payload, std::this_thread::get_id()});
        }
        _changed.notify_all();
    }

    /// Waits until at least `count` deliveries arrived; false on timeout.
    bool waitFor(std::size_t count, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(_mutex);
        return _changed.wait_for(lock, timeout, [&] { return _deliveries.size() >= count; });
    }

    std::vector<Delivery> deliveries() const
    {
        std::lock_guard lock(_mutex);
        return _deliveries;
    }

    /// The payloads delivered so far, in delivery order.
    std::vector<std::string> payloads() const
    {
        std::vector<std::string> out;
        std::lock_guard lock(_mutex);
        for (const auto& d : _deliveries)
            out.push_back(d.payload);
        return out;
    }

private:
    mutable std::mutex _mutex;
    std::condition_variable _changed;
    std::vector<Delivery> _deliveries;
};
} // namespace akashi::mocks
