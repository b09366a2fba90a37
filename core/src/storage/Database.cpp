#include "storage/Database.h"

#include "common/Exception.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SessionPool.h>

#include <Poco/String.h>

#include <libpq-fe.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>

namespace akashi::storage
{
namespace
{
void registerConnectorOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
}
} // namespace

Database::PoolSize Database::resolvePoolSize(int configuredMin, int configuredMax)
{
    PoolSize size;
    size.max = configuredMax > 0 ? configuredMax
                                 : std::max(4, static_cast<int>(std::thread::hardware_concurrency()));
    size.min = std::clamp(configuredMin, 1, size.max);
    return size;
}

Database::Database(const ConnectionSettings& settings, PoolSize size, std::chrono::milliseconds acquireTimeout)
    : _settings(settings), _size(size), _acquireTimeout(acquireTimeout)
{
    registerConnectorOnce();
    _settings.setConnectTimeout(acquireTimeout);
    try
    {
        _pool = std::make_unique<Poco::Data::SessionPool>(Poco::Data::PostgreSQL::Connector::KEY,
                                                          _settings.connectionString(), _size.min, _size.max, 60);
        Poco::Data::Session first = acquire();
        first << "SELECT 1", Poco::Data::Keywords::now;
    }
    catch (const Poco::Exception& e)
    {
        throw Exception(ErrorCode::databaseUnavailable, "cannot connect to PostgreSQL at " + _settings.masked(),
                        e.displayText(),
                        "Check DATABASE_URL and that PostgreSQL is running and reachable from this host.");
    }
}

Poco::Data::Session Database::acquire()
{
    // Poco 1.11's PostgreSQL connector never frees the PGconn of a failed connection attempt. When the
    // pool is about to open a connection, ask libpq first whether the server accepts connections at all,
    // so an outage costs a refused probe per request instead of leaking memory on every one.
    if (_pool->idle() == 0 && _pool->allocated() < _pool->capacity())
    {
        const std::string conninfo = _settings.connectionString();
        if (PQping(conninfo.c_str()) != PQPING_OK)
        {
            // Connect once ourselves, only to report libpq's own reason, and free the connection.
            std::unique_ptr<PGconn, decltype(&PQfinish)> probe(PQconnectdb(conninfo.c_str()), &PQfinish);
            if (!probe || PQstatus(probe.get()) != CONNECTION_OK)
                throw Poco::Data::ConnectionFailedException(probe ? Poco::trimRight(std::string(PQerrorMessage(probe.get())))
                                                                  : std::string("out of memory"));
        }
    }
    return _pool->get();
}

Database::~Database()
{
    if (_pool)
        _pool->shutdown();
}

Poco::Data::Session Database::session()
{
    const auto deadline = std::chrono::steady_clock::now() + _acquireTimeout;
    auto backoff = std::chrono::milliseconds(1);
    while (true)
    {
        try
        {
            return acquire();
        }
        catch (const Poco::Data::SessionPoolExhaustedException&)
        {
            if (std::chrono::steady_clock::now() >= deadline)
                throw Exception(ErrorCode::databaseUnavailable,
                                "no database session available within " + std::to_string(_acquireTimeout.count()) + " ms",
                                "all " + std::to_string(_size.max) + " pooled sessions are in use",
                                "Raise AKASHI_DB_MAX_CONNS or look for slow queries.");
            std::this_thread::sleep_for(backoff);
            backoff = std::min(backoff * 2, std::chrono::milliseconds(50));
        }
        catch (const Poco::Exception& e)
        {
            throw Exception(ErrorCode::databaseUnavailable, "cannot connect to PostgreSQL at " + _settings.masked(),
                            e.displayText(), "");
        }
    }
}

bool Database::ping() noexcept
{
    // Twice: an idle pooled session may have died with a PostgreSQL restart, and only a failed query
    // tells libpq so (the pool then discards it). The second try uses a fresh session.
    for (int attempt = 0; attempt < 2; ++attempt)
    {
        try
        {
            Poco::Data::Session s = session();
            int one = 0;
            s << "SELECT 1", Poco::Data::Keywords::into(one), Poco::Data::Keywords::now;
            return one == 1;
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
    Poco::Data::Session s = session();
    std::string version;
    s << "SHOW server_version", Poco::Data::Keywords::into(version), Poco::Data::Keywords::now;
    return version;
}
} // namespace akashi::storage
