#include "OtlpSender.h"

#include <algorithm>
#include <utility>

namespace akashi::plugins::exporter::otlp
{
namespace
{
using embedding::remote::HttpReply;

bool retryable(const HttpReply& reply)
{
    if (reply.outcome != HttpReply::Outcome::answered)
        return true;
    return reply.status == 429 || reply.status == 502 || reply.status == 503 || reply.status == 504;
}

std::string reasonOf(const HttpReply& reply)
{
    if (reply.outcome == HttpReply::Outcome::answered)
        return "HTTP " + std::to_string(reply.status);
    return reply.error;
}
} // namespace

OtlpSender::OtlpSender(const OtlpSettings& settings, plugin::HostLogger& logger)
    : _client(settings.endpoint, settings.timeout, settings.headers), _maxRetries(settings.maxRetries),
      _retryBase(settings.retryBase), _logger(logger), _thread([this] { run(); })
{
}

OtlpSender::~OtlpSender()
{
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _changed.notify_all();
    _thread.join();
}

bool OtlpSender::enqueue(Request request)
{
    {
        std::lock_guard lock(_mutex);
        if (_queue.size() < kMaxPending)
        {
            _queue.push_back(std::move(request));
            _changed.notify_all();
            return true;
        }
    }
    drop(request, "more than " + std::to_string(kMaxPending) + " requests waiting");
    return false;
}

bool OtlpSender::flush(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(_mutex);
    return _changed.wait_for(lock, timeout, [this] { return (_queue.empty() && !_busy) || _stopping; }) &&
           _queue.empty() && !_busy;
}

void OtlpSender::run()
{
    std::unique_lock lock(_mutex);
    for (;;)
    {
        _changed.wait(lock, [this] { return _stopping || !_queue.empty(); });
        if (_stopping)
            break;
        Request request = std::move(_queue.front());
        _queue.pop_front();
        _busy = true;
        lock.unlock();
        deliver(request);
        lock.lock();
        _busy = false;
        _changed.notify_all();
    }
    _dropped += _queue.size();
    _queue.clear();
    _changed.notify_all();
}

void OtlpSender::deliver(const Request& request)
{
    for (unsigned retries = 0;; ++retries)
    {
        const HttpReply reply = _client.post(request.path, request.body);
        if (reply.outcome == HttpReply::Outcome::answered && reply.status >= 200 && reply.status < 300)
        {
            succeeded();
            return;
        }
        if (!retryable(reply))
        {
            drop(request, reasonOf(reply));
            return;
        }
        if (retries >= _maxRetries)
        {
            drop(request, reasonOf(reply) + " after " + std::to_string(retries + 1) + " attempts");
            return;
        }
        auto wait = _retryBase;
        for (unsigned i = 0; i < retries && wait < kMaxBackoff; ++i)
            wait *= 2;
        wait = std::min(reply.retryAfter.value_or(wait), reply.retryAfter ? kMaxRetryAfter : kMaxBackoff);
        if (!pause(wait))
        {
            drop(request, reasonOf(reply) + ", and the exporter stopped before the retry");
            return;
        }
    }
}

bool OtlpSender::pause(std::chrono::milliseconds duration)
{
    std::unique_lock lock(_mutex);
    return !_changed.wait_for(lock, duration, [this] { return _stopping; });
}

void OtlpSender::drop(const Request& request, const std::string& reason)
{
    ++_dropped;
    std::lock_guard lock(_mutex);
    ++_droppedSinceFailing;
    if (std::exchange(_failing, true))
        return;
    _logger.log(plugin::LogLevel::warn, "otlp: export failed",
                {{"signal", request.signal}, {"endpoint", _client.url().text()}, {"reason", reason}});
}

void OtlpSender::succeeded()
{
    ++_delivered;
    std::lock_guard lock(_mutex);
    if (!std::exchange(_failing, false))
        return;
    _logger.log(plugin::LogLevel::info, "otlp: export recovered",
                {{"endpoint", _client.url().text()}, {"dropped", std::to_string(std::exchange(_droppedSinceFailing, 0))}});
}
} // namespace akashi::plugins::exporter::otlp
