#include "storage/DatabaseAdmin.h"

#include "common/Exception.h"

#include <libpq-fe.h>

#include <memory>

namespace akashi::storage
{
namespace
{
using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

Connection connect(const ConnectionSettings& settings)
{
    Connection conn(PQconnectdb(settings.connectionString().c_str()), &PQfinish);
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
        throw Exception(ErrorCode::databaseUnavailable, "cannot connect to PostgreSQL at " + settings.masked(),
                        conn ? PQerrorMessage(conn.get()) : "out of memory", "");
    return conn;
}

std::string quoted(PGconn* conn, const std::string& identifier)
{
    std::unique_ptr<char, decltype(&PQfreemem)> text(
        PQescapeIdentifier(conn, identifier.c_str(), identifier.size()), &PQfreemem);
    if (!text)
        throw Exception(ErrorCode::internal, "cannot quote identifier", PQerrorMessage(conn), "");
    return text.get();
}

void execute(PGconn* conn, const std::string& sql, const std::string& what)
{
    Result result(PQexec(conn, sql.c_str()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        throw Exception(ErrorCode::databaseUnavailable, "cannot " + what, PQerrorMessage(conn), "");
}
} // namespace

void DatabaseAdmin::createDatabaseIfMissing(const ConnectionSettings& maintenance, const std::string& database)
{
    auto conn = connect(maintenance);
    const char* params[] = {database.c_str()};
    Result exists(PQexecParams(conn.get(), "SELECT 1 FROM pg_database WHERE datname = $1", 1, nullptr, params,
                               nullptr, nullptr, 0),
                  &PQclear);
    if (PQresultStatus(exists.get()) != PGRES_TUPLES_OK)
        throw Exception(ErrorCode::databaseUnavailable, "cannot look up database " + database,
                        PQerrorMessage(conn.get()), "");
    if (PQntuples(exists.get()) == 0)
        execute(conn.get(), "CREATE DATABASE " + quoted(conn.get(), database), "create database " + database);
}

void DatabaseAdmin::dropDatabase(const ConnectionSettings& maintenance, const std::string& database)
{
    auto conn = connect(maintenance);
    execute(conn.get(), "DROP DATABASE IF EXISTS " + quoted(conn.get(), database) + " WITH (FORCE)",
            "drop database " + database);
}
} // namespace akashi::storage
