#include "ConnectionPool.h"

#include <Poco/Exception.h>

#include <chrono>

namespace akashi::plugins::ratelimit::redis
{
ConnectionPool::ConnectionPool(const RedisSettings& settings, plugin::HostLogger& log)
    : _settings(settings), _log(log), _slots(std::make_unique<Slot[]>(settings.poolSize))
{
}

std::int64_t ConnectionPool::nowMs() noexcept
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void ConnectionPool::run(const std::function<void(RedisConnection&)>& work)
{
    // A free slot if there is one, else wait for the one after the last handed out (bounded by one reply).
    const std::size_t start = _nextSlot.fetch_add(1, std::memory_order_relaxed) % _settings.poolSize;
    std::unique_lock<std::mutex> lock;
    Slot* slot = nullptr;
    for (std::size_t i = 0; i < _settings.poolSize && !slot; ++i)
    {
        Slot& candidate = _slots[(start + i) % _settings.poolSize];
        std::unique_lock<std::mutex> attempt(candidate.mutex, std::try_to_lock);
        if (attempt.owns_lock())
        {
            lock = std::move(attempt);
            slot = &candidate;
        }
    }
    if (!slot)
    {
        slot = &_slots[start];
        lock = std::unique_lock<std::mutex>(slot->mutex);
    }

    if (slot->connection && slot->generation != _generation.load(std::memory_order_relaxed))
        slot->connection.reset();
    if (!slot->connection)
        connect(*slot);
    try
    {
        work(*slot->connection);
    }
    catch (const RedisConnection::ErrorReply&)
    {
        throw; // Redis answered: the connection is still in step
    }
    catch (const Poco::Exception& e)
    {
        discard(*slot, e.displayText());
        throw;
    }
    catch (const std::exception& e)
    {
        discard(*slot, e.what());
        throw;
    }
}

void ConnectionPool::discard(Slot& slot, const std::string& reason) noexcept
{
    slot.connection.reset();
    _generation.fetch_add(1, std::memory_order_relaxed);
    _pausedUntilMs.store(nowMs() + _settings.reconnectInterval.count(), std::memory_order_relaxed);
    markDown(reason);
}

void ConnectionPool::connect(Slot& slot)
{
    const std::int64_t now = nowMs();
    std::int64_t pausedUntil = _pausedUntilMs.load(std::memory_order_relaxed);
    // Claiming the next pause is what allows this attempt: concurrent threads lose the exchange and fail
    // fast instead of all dialling a dead server.
    if (now < pausedUntil || !_pausedUntilMs.compare_exchange_strong(pausedUntil, now + _settings.reconnectInterval.count(),
                                                                     std::memory_order_relaxed))
        throw Unavailable("unavailable (" + _settings.url.redacted() + "), waiting before the next connection attempt");
    try
    {
        slot.generation = _generation.load(std::memory_order_relaxed);
        slot.connection = std::make_unique<RedisConnection>(_settings.url, _settings.timeout);
    }
    catch (const Poco::Exception& e)
    {
        markDown(e.displayText());
        throw Unavailable("cannot connect to " + _settings.url.redacted() + ": " + e.displayText());
    }
    catch (const std::exception& e)
    {
        markDown(e.what());
        throw Unavailable("cannot connect to " + _settings.url.redacted() + ": " + e.what());
    }
    // Connected: other slots may connect at once.
    std::int64_t claimed = now + _settings.reconnectInterval.count();
    _pausedUntilMs.compare_exchange_strong(claimed, 0, std::memory_order_relaxed);
    markUp();
}

void ConnectionPool::warmUp() noexcept
{
    try
    {
        Slot& slot = _slots[0];
        std::lock_guard lock(slot.mutex);
        if (!slot.connection)
            connect(slot);
        _log.log(plugin::LogLevel::info, "redis rate limiter connected", {{"url", _settings.url.redacted()}});
    }
    catch (const std::exception&)
    {
        // markDown logged it; requests fail open until Redis answers.
    }
}

void ConnectionPool::markDown(const std::string& reason) noexcept
{
    if (!_up.exchange(false))
        return;
    try
    {
        _log.log(plugin::LogLevel::warn, "redis rate limiter unavailable, permitting requests",
                 {{"url", _settings.url.redacted()}, {"error", reason}});
    }
    catch (const std::exception&)
    {
        // Out of memory for the fields: the host still counts and logs every failed request.
    }
}

void ConnectionPool::markUp() noexcept
{
    if (_up.exchange(true))
        return;
    try
    {
        _log.log(plugin::LogLevel::info, "redis rate limiter reconnected", {{"url", _settings.url.redacted()}});
    }
    catch (const std::exception&)
    {
        // As in markDown.
    }
}
} // namespace akashi::plugins::ratelimit::redis
