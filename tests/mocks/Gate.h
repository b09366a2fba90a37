#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace akashi::mocks
{
/// A one-shot signal between threads (e.g. "the callback is running now").
class Gate
{
public:
    void open()
    {
        {
            std::lock_guard lock(_mutex);
            _open = true;
        }
        _changed.notify_all();
    }

    /// Waits until open or `timeout`; returns whether it is open.
    bool wait(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(_mutex);
        return _changed.wait_for(lock, timeout, [&] { return _open; });
    }

private:
    std::mutex _mutex;
    std::condition_variable _changed;
    bool _open = false;
};
} // namespace akashi::mocks
