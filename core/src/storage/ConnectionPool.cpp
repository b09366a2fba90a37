#include "storage/ConnectionPool.h"

#include "common/Exception.h"

#include <algorithm>

namespace akashi::storage
{
ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<PgConnection> connection)
    : _pool(&pool), _connection(std::move(connection))
{
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept : _pool(other._pool), _connection(std::move(other._connection))
{
}

ConnectionPool::Lease::~Lease()
{
    if (_connection)
        _pool->giveBack(std::move(_connection));
}

ConnectionPool::ConnectionPool(ConnectionSettings settings, int maxConnections, std::chrono::milliseconds acquireTimeout)
    : _settings(std::move(settings)), _max(maxConnections), _acquireTimeout(acquireTimeout)
{
}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease ConnectionPool::lease()
{
    std::unique_lock lock(_mutex);
    const auto deadline = std::chrono::steady_clock::now() + _acquireTimeout;
    while (_idle.empty() && _open >= _max)
    {
        if (_released.wait_until(lock, deadline) == std::cv_status::timeout && _idle.empty() && _open >= _max)
            throw Exception(ErrorCode::databaseUnavailable,
                            "no database session available within " + std::to_string(_acquireTimeout.count()) + " ms",
                            "all " + std::to_string(_max) + " pooled connections are in use",
                            "Raise AKASHI_DB_MAX_CONNS or look for slow queries.");
    }
    if (!_idle.empty())
    {
        auto connection = std::move(_idle.back());
        _idle.pop_back();
        track(connection.get());
        return Lease(*this, std::move(connection));
    }
    ++_open; // reserve the slot, then connect without holding the lock
    lock.unlock();
    try
    {
        auto connection = std::make_unique<PgConnection>(_settings);
        {
            std::lock_guard tracking(_mutex);
            track(connection.get());
        }
        return Lease(*this, std::move(connection));
    }
    catch (...)
    {
        lock.lock();
        --_open;
        _released.notify_one();
        throw;
    }
}

void ConnectionPool::track(const PgConnection* connection)
{
    _leased.emplace_back(connection, std::this_thread::get_id());
}

void ConnectionPool::giveBack(std::unique_ptr<PgConnection> connection) noexcept
{
    const bool reusable = connection->healthy() && connection->idle();
    std::unique_lock lock(_mutex);
    // Untracked before it can be closed: cancelLeasedBy only touches connections in _leased.
    _leased.erase(std::remove_if(_leased.begin(), _leased.end(),
                                 [&](const auto& leased) { return leased.first == connection.get(); }),
                  _leased.end());
    if (reusable)
    {
        _idle.push_back(std::move(connection));
        _released.notify_one();
        return;
    }
    lock.unlock();
    connection.reset(); // closed without holding the lock
    lock.lock();
    --_open;
    _released.notify_one();
}

int ConnectionPool::cancelLeasedBy(std::thread::id thread) noexcept
{
    std::lock_guard lock(_mutex); // keeps each connection alive while it is signalled
    int signalled = 0;
    for (const auto& [connection, owner] : _leased)
        if (owner == thread)
        {
            connection->cancel();
            ++signalled;
        }
    return signalled;
}

int ConnectionPool::idleCount() const
{
    std::lock_guard lock(_mutex);
    return static_cast<int>(_idle.size());
}

ConnectionPool::Stats ConnectionPool::stats() const
{
    std::lock_guard lock(_mutex);
    return Stats{_open, static_cast<int>(_idle.size()), _max};
}

int ConnectionPool::openCount() const
{
    std::lock_guard lock(_mutex);
    return _open;
}
} // namespace akashi::storage
