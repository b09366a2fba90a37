#pragma once
#include "storage/ConnectionPool.h"
#include "storage/ConnectionSettings.h"
#include "telemetry/MetricsRegistry.h"

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace akashi::storage
{
/// The PostgreSQL connections every repository draws from: a pool of plain libpq connections (Poco
/// Data 1.11 drops fractional seconds, misreads uuid and NULL, and breaks behind PgBouncer transaction
/// pooling; see docs/adr/0006-libpq-storage.md). Thread-safe. Its pool's sizes are the process's
/// akashi.pool.connections.* metrics (with several Database objects in one process, the last one's).
class Database
{
public:
    struct PoolSize
    {
        int min = 1;
        int max = 4;
    };

    /// Opens one connection to prove the target is reachable. Throws
    /// akashi::Exception(databaseUnavailable) naming the masked target and the server's reason.
    Database(const ConnectionSettings& settings, PoolSize size, std::chrono::milliseconds acquireTimeout);
    ~Database();

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// An exclusive pooled connection; waits up to the acquire timeout, then throws
    /// akashi::Exception(databaseUnavailable, "no database session available within <n> ms").
    ConnectionPool::Lease connection();

    /// Runs `work` inside BEGIN ... COMMIT on one connection. A serialization failure or deadlock
    /// (SQLSTATE 40001, 40P01) rolls back and runs `work` again, up to kTransactionAttempts times with
    /// a short backoff; any other exception rolls back and propagates. `work` must therefore only
    /// touch the database and its own locals (captured results are overwritten on a retry).
    void transaction(const std::function<void(PgConnection&)>& work);

    static constexpr int kTransactionAttempts = 4;

    /// `SELECT 1`; false on any failure. Never throws. Retries once: an idle pooled connection may have
    /// died with a PostgreSQL restart, and only a failed statement tells libpq so.
    bool ping() noexcept;

    /// Cancels the statements of the connections `thread` holds (see ConnectionPool::cancelLeasedBy).
    int cancelStatementsOf(std::thread::id thread) noexcept;

    /// `SHOW server_version`.
    std::string serverVersion();

    const ConnectionSettings& settings() const noexcept { return _settings; }
    PoolSize poolSize() const noexcept { return _size; }

    /// max 0 = max(16, 4 × hardware threads): requests spend most of a connection's time waiting for
    /// PostgreSQL (commit flushes above all), and more concurrent commits share each WAL flush (measured:
    /// 4 connections gave 774 traces/s at 32 clients, 32 gave 964, on 2 cores).
    static PoolSize resolvePoolSize(int configuredMin, int configuredMax);

private:
    ConnectionSettings _settings;
    PoolSize _size;
    std::unique_ptr<ConnectionPool> _pool;
    /// akashi.pool.connections.{total,idle,acquired,max} sampled at each collect; last, so it is
    /// unregistered before the pool goes.
    telemetry::MetricsRegistry::Registration _poolMetrics;
};
} // namespace akashi::storage
