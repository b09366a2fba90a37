#include "storage/Database.h"

#include "common/Exception.h"
#include "storage/DatabaseError.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace akashi::storage
{
namespace
{
/// Best effort: a connection that cannot even roll back is unhealthy and the pool discards it.
void rollbackQuietly(PgConnection& connection) noexcept
{
    try
    {
        if (connection.healthy() && !connection.idle())
            connection.exec("ROLLBACK");
    }
    catch (const std::exception&)
    {
        // the original error is the one worth reporting
    }
}
} // namespace

Database::PoolSize Database::resolvePoolSize(int configuredMin, int configuredMax)
{
    PoolSize size;
    size.max = configuredMax > 0 ? configuredMax
                                 : std::max(16, 4 * static_cast<int>(std::thread::hardware_concurrency()));
    size.min = std::clamp(configuredMin, 1, size.max);
    return size;
}

Database::Database(const ConnectionSettings& settings, PoolSize size, std::chrono::milliseconds acquireTimeout)
    : _settings(settings), _size(size)
{
    _settings.setConnectTimeout(acquireTimeout);
    _pool = std::make_unique<ConnectionPool>(_settings, _size.max, acquireTimeout);
    // Open the minimum now: the first one proves the target is reachable before the server says ready.
    std::vector<ConnectionPool::Lease> warm;
    for (int i = 0; i < _size.min; ++i)
        warm.push_back(_pool->lease());
    warm.front()->exec("SELECT 1");
    _poolMetrics = telemetry::MetricsRegistry::global().addCollector([this](telemetry::MetricsRegistry& registry) {
        const ConnectionPool::Stats stats = _pool->stats();
        registry.gauge("akashi.pool.connections.total", "PostgreSQL connections open in the pool", "{connection}")
            .set(stats.open);
        registry.gauge("akashi.pool.connections.idle", "Pooled connections waiting for a lease", "{connection}")
            .set(stats.idle);
        registry.gauge("akashi.pool.connections.acquired", "Pooled connections leased to a request or worker",
                       "{connection}")
            .set(stats.open - stats.idle);
        registry.gauge("akashi.pool.connections.max", "Most connections the pool opens (AKASHI_DB_MAX_CONNS)",
                       "{connection}")
            .set(stats.max);
    });
}

Database::~Database() = default;

ConnectionPool::Lease Database::connection()
{
    return _pool->lease();
}

int Database::cancelStatementsOf(std::thread::id thread) noexcept
{
    return _pool->cancelLeasedBy(thread);
}

void Database::transaction(const std::function<void(PgConnection&)>& work)
{
    for (int attempt = 1;; ++attempt)
    {
        auto lease = _pool->lease();
        try
        {
            lease->exec("BEGIN");
            work(*lease);
            lease->exec("COMMIT");
            return;
        }
        catch (const DatabaseError& e)
        {
            rollbackQuietly(*lease);
            if (!e.isRetryable() || attempt >= kTransactionAttempts)
                throw;
        }
        catch (...)
        {
            rollbackQuietly(*lease);
            throw;
        }
        // 10, 20, 40 ms: enough for the competing transaction to commit without stalling a request.
        std::this_thread::sleep_for(std::chrono::milliseconds(10 << (attempt - 1)));
    }
}

bool Database::ping() noexcept
{
    for (int attempt = 0; attempt < 2; ++attempt)
    {
        try
        {
            auto lease = _pool->lease();
            return lease->exec("SELECT 1 AS one").int64(0, "one") == 1;
        }
        catch (const std::exception&)
        {
            // reported as "disconnected" by /health; PostgreSQL's own log has the cause
        }
    }
    return false;
}

std::string Database::serverVersion()
{
    auto lease = _pool->lease();
    return lease->exec("SHOW server_version").text(0, "server_version");
}
} // namespace akashi::storage
