#include "ingest/EventQueue.h"

#include <algorithm>

namespace akashi::ingest
{
EventQueue::EventQueue(Limits limits) : _limits(limits)
{
}

EventQueue::Admission EventQueue::probe(std::size_t count) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_draining)
        return Admission::draining;
    return _waiting.eventCount + _inFlight + count > _limits.capacity ? Admission::full : Admission::accepted;
}

EventQueue::Admission EventQueue::admit(Submission submission)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_draining)
            return Admission::draining;
        const std::size_t count = submission.events.size();
        if (_waiting.eventCount + _inFlight + count > _limits.capacity)
            return Admission::full;
        if (!_oldest)
            _oldest = std::chrono::steady_clock::now();
        if (submission.ticket)
            ++_durableWaiting;
        _waiting.eventCount += count;
        _waiting.submissions.push_back(std::move(submission));
    }
    _wake.notify_one();
    return Admission::accepted;
}

bool EventQueue::dueLocked(std::chrono::steady_clock::time_point now, bool previousFlushed) const
{
    if (_waiting.empty())
        return false;
    return _draining || previousFlushed || _durableWaiting > 0 || _waiting.eventCount >= _limits.flushSize ||
           (_oldest && now - *_oldest >= _limits.flushTimeout);
}

EventBatch EventQueue::takeBatch(bool previousFlushed)
{
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;)
    {
        if (_stopped || (_draining && _waiting.empty()))
            return {};
        const auto now = std::chrono::steady_clock::now();
        if (dueLocked(now, previousFlushed))
            break;
        if (_oldest)
            _wake.wait_until(lock, *_oldest + _limits.flushTimeout);
        else
            _wake.wait(lock);
        previousFlushed = false; // only the first look follows the flush
    }
    EventBatch batch = std::move(_waiting);
    _waiting = EventBatch{};
    batch.firstAdmitted = _oldest.value_or(std::chrono::steady_clock::now());
    _inFlight += batch.eventCount;
    _durableWaiting = 0;
    _oldest.reset();
    return batch;
}

void EventQueue::committed(std::size_t count)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _inFlight -= std::min(count, _inFlight);
}

void EventQueue::beginDrain()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _draining = true;
    }
    _wake.notify_all();
}

void EventQueue::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _draining = true;
        _stopped = true;
    }
    _wake.notify_all();
}

EventBatch EventQueue::abandon()
{
    std::lock_guard<std::mutex> lock(_mutex);
    EventBatch left = std::move(_waiting);
    _waiting = EventBatch{};
    _durableWaiting = 0;
    _oldest.reset();
    return left;
}

std::size_t EventQueue::depth() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _waiting.eventCount + _inFlight;
}

bool EventQueue::draining() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _draining;
}
} // namespace akashi::ingest
