#pragma once
#include "storage/ConnectionSettings.h"
#include "storage/PgConnection.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace akashi::storage
{
/// A bounded pool of libpq connections. `lease()` hands one out exclusively and waits (up to the
/// acquire timeout) when all are in use. A connection comes back to the pool only if it is healthy and
/// idle (no open transaction); otherwise it is closed and a fresh one is opened on demand, so a
/// PostgreSQL restart costs one failed statement per pooled connection, not a broken pool.
/// Thread-safe: one mutex guards the idle list, the leased list and the count.
class ConnectionPool
{
public:
    class Lease
    {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<PgConnection> connection);
        ~Lease();
        Lease(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;

        PgConnection& operator*() const noexcept { return *_connection; }
        PgConnection* operator->() const noexcept { return _connection.get(); }

    private:
        ConnectionPool* _pool;
        std::unique_ptr<PgConnection> _connection;
    };

    ConnectionPool(ConnectionSettings settings, int maxConnections, std::chrono::milliseconds acquireTimeout);
    ~ConnectionPool();

    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    /// Throws akashi::Exception(databaseUnavailable) when no connection frees up in time
    /// ("no database session available within <n> ms") or a new one cannot be opened.
    Lease lease();

    int idleCount() const;
    int openCount() const;

    /// Both counts read together (one lock), for the pool metrics.
    struct Stats
    {
        int open = 0; ///< leased + idle (+ being opened)
        int idle = 0;
        int max = 0;
    };
    Stats stats() const;

    /// Cancels the statements running on connections leased by `thread` (shutdown: a background loop
    /// past its drain timeout). Returns how many connections it signalled.
    int cancelLeasedBy(std::thread::id thread) noexcept;

private:
    void giveBack(std::unique_ptr<PgConnection> connection) noexcept;
    /// Records a connection as leased by the calling thread (caller holds _mutex).
    void track(const PgConnection* connection);

    const ConnectionSettings _settings;
    const int _max;
    const std::chrono::milliseconds _acquireTimeout;
    mutable std::mutex _mutex;
    std::condition_variable _released;
    std::vector<std::unique_ptr<PgConnection>> _idle;
    std::vector<std::pair<const PgConnection*, std::thread::id>> _leased; ///< by the thread that leased it
    int _open = 0; ///< leased + idle
};
} // namespace akashi::storage
