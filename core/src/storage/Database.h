#pragma once
#include "storage/ConnectionSettings.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <chrono>
#include <memory>

namespace akashi::storage
{
/// The pool of PostgreSQL sessions every repository draws from.
/// Thread-safe: Poco's SessionPool locks internally.
/// Poco 1.11 never frees the libpq connection of a session that failed or broke; `acquire` probes with
/// PQping before the pool opens a connection, so a PostgreSQL outage leaks at most one connection per
/// pooled session instead of one per request.
class Database
{
public:
    struct PoolSize
    {
        int min = 1;
        int max = 4;
    };

    /// Opens the pool and one session to prove the target is reachable. Throws
    /// akashi::Exception(databaseUnavailable) naming the masked target and the server's reason.
    Database(const ConnectionSettings& settings, PoolSize size, std::chrono::milliseconds acquireTimeout);
    ~Database();

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// A pooled session. Poco's pool throws at once when exhausted; this waits up to the acquire timeout
    /// for one to be returned, then throws akashi::Exception(databaseUnavailable,
    /// "no database session available within <n> ms").
    Poco::Data::Session session();

    /// `SELECT 1` on a pooled session; false on any failure. Never throws.
    bool ping() noexcept;

    /// `SHOW server_version`.
    std::string serverVersion();

    const ConnectionSettings& settings() const noexcept { return _settings; }
    PoolSize poolSize() const noexcept { return _size; }

    /// max 0 = max(4, hardware threads), as the runbook's AKASHI_DB_MAX_CONNS=0 means.
    static PoolSize resolvePoolSize(int configuredMin, int configuredMax);

private:
    /// `_pool->get()`, probing with PQping first when the pool would have to open a connection.
    Poco::Data::Session acquire();

    ConnectionSettings _settings;
    PoolSize _size;
    std::chrono::milliseconds _acquireTimeout;
    std::unique_ptr<Poco::Data::SessionPool> _pool;
};
} // namespace akashi::storage
