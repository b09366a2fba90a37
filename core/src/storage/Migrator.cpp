#include "storage/Migrator.h"

#include "common/Exception.h"
#include "common/Sha256.h"
#include "storage/Database.h"
#include "storage/DatabaseError.h"

#include <algorithm>

namespace akashi::storage
{
namespace
{
const char* const kFrozenHint = "Migrations are frozen once applied; add a new migration instead.";

bool trackingTableExists(PgConnection& connection)
{
    return !connection.exec("SELECT to_regclass('schema_migrations') IS NULL AS missing").boolean(0, "missing");
}

/// PgConnection reports a refused statement as `database error in "<first line>": ERROR:  <primary>`
/// followed by PostgreSQL's DETAIL/HINT/LINE lines. For a migration the first line is only the file's
/// header comment, so the message keeps PostgreSQL's primary text and the detail keeps all it said
/// (its LINE n counts lines of the migration file, which libpq sent as one script).
struct ServerText
{
    std::string primary;
    std::string full;
};

ServerText serverText(const DatabaseError& e)
{
    const std::string& message = e.message();
    const auto start = message.find("ERROR:  ");
    if (start == std::string::npos)
        return {message, message};
    const std::string full = message.substr(start);
    const auto end = full.find('\n');
    return {full.substr(8, end == std::string::npos ? std::string::npos : end - 8), full};
}
} // namespace

Migrator::Migrator(std::vector<Migration> migrations) : _migrations(std::move(migrations))
{
    std::sort(_migrations.begin(), _migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < _migrations.size(); ++i)
    {
        const Migration& migration = _migrations[i];
        if (migration.version != static_cast<int>(i) + 1)
            throw Exception(ErrorCode::internal, "migrations are not numbered 1..N without gaps",
                            "Expected version " + std::to_string(i + 1) + ", found " + migration.fileName() + ".");
        _checksums.push_back(checksum(migration.sql));
    }
}

std::string Migrator::checksum(const std::string& sql)
{
    return Sha256::hex(sql);
}

MigrationReport Migrator::apply(Database& database, const std::function<void(const Migration&)>& onApplying)
{
    MigrationReport report;
    database.transaction([&](PgConnection& connection) {
        report = {}; // a retried transaction starts over
        connection.exec("SELECT pg_advisory_xact_lock($1::bigint)", SqlParams().add(kAdvisoryLockKey));
        // Migrations may say IF NOT EXISTS; their NOTICEs would only litter the server's stderr.
        connection.exec("SET LOCAL client_min_messages = warning");
        if (!trackingTableExists(connection))
            connection.exec("CREATE TABLE schema_migrations ("
                            "version int PRIMARY KEY, "
                            "name text NOT NULL, "
                            "checksum text NOT NULL, "
                            "applied_at timestamptz NOT NULL DEFAULT now())");
        const auto applied = readApplied(connection);
        for (const Migration& migration : verify(applied))
        {
            if (onApplying)
                onApplying(migration);
            run(connection, migration);
            connection.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                            SqlParams()
                                .add(migration.version)
                                .add(migration.name)
                                .add(_checksums[static_cast<std::size_t>(migration.version - 1)]));
            report.applied.push_back(migration.fileName());
        }
        report.alreadyApplied = static_cast<int>(applied.size());
    });
    return report;
}

std::vector<Migration> Migrator::pending(Database& database)
{
    auto connection = database.connection();
    if (!trackingTableExists(*connection))
        return _migrations;
    return verify(readApplied(*connection));
}

std::vector<Migrator::Applied> Migrator::readApplied(PgConnection& connection) const
{
    std::vector<Applied> applied;
    try
    {
        const auto rows = connection.exec(
            "SELECT version, name, checksum, applied_at::text AS applied_at FROM schema_migrations ORDER BY version");
        for (int row = 0; row < rows.rows(); ++row)
            applied.push_back({static_cast<int>(rows.int64(row, "version")), rows.text(row, "name"),
                               rows.text(row, "checksum"), rows.text(row, "applied_at")});
    }
    catch (const DatabaseError& e)
    {
        if (e.sqlState() != "42703") // undefined_column: another tool's table of the same name
            throw;
        throw Exception(ErrorCode::internal, "schema_migrations is not this server's migration table",
                        "PostgreSQL: " + serverText(e).primary + ".",
                        "Another migration tool owns this database: set AKASHI_SKIP_EMBEDDED_MIGRATIONS=true to "
                        "leave the schema to it, or point the server at a database of its own.");
    }
    return applied;
}

std::vector<Migration> Migrator::verify(const std::vector<Applied>& applied) const
{
    const int known = static_cast<int>(_migrations.size());
    for (std::size_t i = 0; i < applied.size(); ++i)
    {
        const Applied& row = applied[i];
        if (row.version < 1 || row.version > known)
            throw Exception(ErrorCode::internal,
                            "database schema is newer than this server (migration " + std::to_string(row.version) +
                                " is unknown)",
                            "schema_migrations records version " + std::to_string(row.version) + " (" + row.name +
                                ", applied " + row.appliedAt + "); this server knows migrations 1.." +
                                std::to_string(known) + ".",
                            "Run a server version that includes this migration; an older server must not write to "
                            "a schema it does not know.");
        const Migration& migration = _migrations[static_cast<std::size_t>(row.version - 1)];
        if (row.version != static_cast<int>(i) + 1)
            throw Exception(ErrorCode::internal,
                            "migration " + _migrations[i].fileName() + " is not recorded but later ones are",
                            "schema_migrations skips from version " + std::to_string(i) + " to " +
                                std::to_string(row.version) + " (" + migration.fileName() + ").",
                            "Someone edited schema_migrations by hand: restore the missing row if that migration's "
                            "changes are in the schema.");
        const std::string& expected = _checksums[static_cast<std::size_t>(row.version - 1)];
        if (row.checksum != expected)
            throw Exception(ErrorCode::internal, "migration " + migration.fileName() + " was changed after it was applied",
                            "Recorded checksum " + row.checksum + " (applied " + row.appliedAt +
                                "), this server's checksum " + expected + ".",
                            kFrozenHint);
    }
    return {_migrations.begin() + static_cast<std::ptrdiff_t>(applied.size()), _migrations.end()};
}

void Migrator::run(PgConnection& connection, const Migration& migration) const
{
    try
    {
        connection.execScript(migration.sql);
    }
    catch (const DatabaseError& e)
    {
        if (e.isRetryable()) // a deadlock with live traffic: Database::transaction runs everything again
            throw;
        const ServerText text = serverText(e);
        throw Exception(e.errorCode(), "migration " + migration.fileName() + " failed: " + text.primary,
                        text.full + (e.sqlState().empty() ? "" : "\nSQLSTATE " + e.sqlState()),
                        "Nothing from this run was applied (the transaction rolled back). Fix the migration if it "
                        "has not been released, otherwise add a new one.");
    }
    if (connection.idle())
        throw Exception(ErrorCode::internal,
                        "migration " + migration.fileName() + " ended the migration transaction",
                        "The file contains COMMIT or ROLLBACK: what ran before it was committed without a "
                        "schema_migrations row, and the advisory lock was released.",
                        "Migrations run inside the Migrator's transaction; remove the transaction control "
                        "statements and repair the schema by hand.");
}
} // namespace akashi::storage
