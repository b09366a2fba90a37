#include "common/PeriodicTask.h"

#include "common/Exception.h"
#include "logging/Log.h"

namespace akashi
{
PeriodicTask::PeriodicTask(std::string what, std::chrono::milliseconds interval, std::function<void()> work,
                           Poco::Logger& logger, std::string failureMessage)
    : _interval(interval), _work(std::move(work)), _logger(logger), _failureMessage(std::move(failureMessage))
{
    if (_interval <= std::chrono::milliseconds::zero())
        throw Exception(ErrorCode::configInvalid, "the " + what + " must be greater than 0",
                        "It is " + std::to_string(_interval.count()) + " ms.", "Set it to a duration such as 1h.");
    _thread = std::thread([this] { run(); });
}

PeriodicTask::~PeriodicTask()
{
    stop();
}

void PeriodicTask::stop() noexcept
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

bool PeriodicTask::stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt) noexcept
{
    constexpr std::chrono::milliseconds kInterruptEvery{100};
    bool inTime = true;
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _stopping = true;
        _wake.notify_all();
        if (_thread.joinable() && timeout.count() > 0 &&
            !_wake.wait_for(lock, timeout, [this] { return _exited; }))
        {
            inTime = false;
            const auto id = _thread.get_id();
            while (!_exited)
            {
                lock.unlock();
                if (interrupt)
                    interrupt(id);
                lock.lock();
                _wake.wait_for(lock, kInterruptEvery, [this] { return _exited; });
            }
        }
    }
    if (_thread.joinable())
        _thread.join();
    return inTime;
}

void PeriodicTask::runSoon() noexcept
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _soon = true;
    }
    _wake.notify_all();
}

void PeriodicTask::run()
{
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping)
    {
        _soon = false; // a request made before this pass starts is served by it
        lock.unlock();
        pass();
        lock.lock();
        _wake.wait_for(lock, _interval, [this] { return _stopping || _soon; });
    }
    _exited = true;
    _wake.notify_all(); // a bounded stop() waits for this
}

void PeriodicTask::pass()
{
    try
    {
        _work();
    }
    catch (const Exception& e)
    {
        ++_failures;
        logging::error(_logger, _failureMessage, {{"error", e.message()}, {"detail", e.detail()}});
    }
    catch (const Poco::Exception& e)
    {
        ++_failures;
        logging::error(_logger, _failureMessage, {{"error", e.displayText()}});
    }
    catch (const std::exception& e)
    {
        ++_failures;
        logging::error(_logger, _failureMessage, {{"error", std::string(e.what())}});
    }
    ++_passes;
}
} // namespace akashi
