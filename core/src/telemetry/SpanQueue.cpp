#include "telemetry/SpanQueue.h"

#include <algorithm>

namespace akashi::telemetry
{
SpanQueue::SpanQueue(std::size_t capacity, std::size_t batchSize, std::function<void()> batchReady, Counter& dropped)
    : _capacity(std::max<std::size_t>(capacity, 1)), _batchSize(std::clamp<std::size_t>(batchSize, 1, _capacity)),
      _batchReady(std::move(batchReady)), _dropped(dropped)
{
}

bool SpanQueue::push(Span span)
{
    bool reachedBatch = false;
    {
        std::lock_guard lock(_mutex);
        if (_spans.size() >= _capacity)
        {
            _dropped.add();
            return false;
        }
        _spans.push_back(std::move(span));
        reachedBatch = _spans.size() == _batchSize;
    }
    if (reachedBatch && _batchReady)
        _batchReady();
    return true;
}

std::vector<Span> SpanQueue::drain()
{
    std::vector<Span> spans;
    std::lock_guard lock(_mutex);
    spans.swap(_spans);
    return spans;
}

std::size_t SpanQueue::size() const
{
    std::lock_guard lock(_mutex);
    return _spans.size();
}
} // namespace akashi::telemetry
