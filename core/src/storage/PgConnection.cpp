#include "storage/PgConnection.h"

#include "storage/DatabaseError.h"

#include <Poco/String.h>

#include <libpq-fe.h>

namespace akashi::storage
{
namespace
{
std::string field(const PGresult* result, int code)
{
    const char* value = result ? PQresultErrorField(result, code) : nullptr;
    return value ? std::string(value) : std::string();
}

/// First line of a statement, for error messages an operator can place ("INSERT INTO agents ...").
std::string statementSummary(const std::string& sql)
{
    std::string line = Poco::trim(sql.substr(0, sql.find('\n')));
    return line.size() > 80 ? line.substr(0, 80) + "..." : line;
}
} // namespace

PgConnection::PgConnection(const ConnectionSettings& settings) : _conn(nullptr, &PQfinish), _cancel(nullptr, &PQfreeCancel)
{
    _conn.reset(PQconnectdb(settings.connectionString().c_str()));
    if (!_conn || PQstatus(_conn.get()) != CONNECTION_OK)
    {
        const std::string reason = _conn ? Poco::trimRight(std::string(PQerrorMessage(_conn.get()))) : "out of memory";
        throw Exception(ErrorCode::databaseUnavailable, "cannot connect to PostgreSQL at " + settings.masked(), reason,
                        "Check DATABASE_URL and that PostgreSQL is running and reachable from this host.");
    }
    _cancel.reset(PQgetCancel(_conn.get()));
}

PgConnection::~PgConnection() = default;

void PgConnection::cancel() const noexcept
{
    char error[256];
    if (_cancel)
        PQcancel(_cancel.get(), error, sizeof error);
}

PgResult PgConnection::exec(const std::string& sql, const SqlParams& params)
{
    const auto values = params.pointers();
    return check(PQexecParams(_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                              nullptr, nullptr, 0),
                 sql);
}

void PgConnection::execScript(const std::string& sql)
{
    check(PQexec(_conn.get(), sql.c_str()), sql);
}

PgResult PgConnection::check(PGresult* raw, const std::string& sql)
{
    PgResult result(raw);
    const auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    const std::string sqlState = field(raw, PG_DIAG_SQLSTATE);
    const std::string message = raw && *PQresultErrorMessage(raw) ? PQresultErrorMessage(raw) : PQerrorMessage(_conn.get());
    // Class 08 and a dead connection are outages; everything else is a statement the server refused.
    const bool lost = PQstatus(_conn.get()) != CONNECTION_OK || sqlState.rfind("08", 0) == 0 || sqlState == "57P01";
    if (lost) // said to clients as 503: no SQL in the message
        throw DatabaseError(ErrorCode::databaseUnavailable, "database connection lost: " + Poco::trimRight(message),
                            sqlState, {});
    throw DatabaseError(ErrorCode::internal,
                        "database error in \"" + statementSummary(sql) + "\": " + Poco::trimRight(message), sqlState,
                        field(raw, PG_DIAG_CONSTRAINT_NAME));
}

bool PgConnection::healthy() const noexcept
{
    return PQstatus(_conn.get()) == CONNECTION_OK;
}

bool PgConnection::idle() const noexcept
{
    return PQtransactionStatus(_conn.get()) == PQTRANS_IDLE;
}
} // namespace akashi::storage
