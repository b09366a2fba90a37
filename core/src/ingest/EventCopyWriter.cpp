#include "ingest/EventCopyWriter.h"

#include "common/Timestamp.h"
#include "storage/DatabaseError.h"
#include "storage/PgConnection.h"

#include <Poco/String.h>

#include <libpq-fe.h>

#include <memory>

namespace akashi::ingest
{
namespace
{
/// Bytes sent per PQputCopyData call: large enough to amortise the call, small enough to stream.
constexpr std::size_t kChunkBytes = 256 * 1024;

void appendEscaped(std::string& out, const std::string& value)
{
    for (const char c : value)
    {
        switch (c)
        {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

std::string errorField(const PGresult* result, int code)
{
    const char* value = result ? PQresultErrorField(result, code) : nullptr;
    return value ? std::string(value) : std::string();
}

/// The DatabaseError for a failed COPY, classified as PgConnection classifies statement errors.
[[noreturn]] void fail(PGconn* conn, const PGresult* result, const std::string& what)
{
    const std::string sqlState = errorField(result, PG_DIAG_SQLSTATE);
    const std::string message = Poco::trimRight(std::string(result && *PQresultErrorMessage(result)
                                                                ? PQresultErrorMessage(result)
                                                                : PQerrorMessage(conn)));
    const bool lost = PQstatus(conn) != CONNECTION_OK || sqlState.rfind("08", 0) == 0 || sqlState == "57P01";
    if (lost)
        throw storage::DatabaseError(ErrorCode::databaseUnavailable, "database connection lost: " + message, sqlState, {});
    throw storage::DatabaseError(ErrorCode::internal, what + ": " + message, sqlState,
                                 errorField(result, PG_DIAG_CONSTRAINT_NAME));
}

using ResultPtr = std::unique_ptr<PGresult, void (*)(PGresult*)>;

ResultPtr wrap(PGresult* result)
{
    return ResultPtr(result, &PQclear);
}

void copy(PGconn* conn, const EventBatch& batch)
{
    auto started = wrap(PQexec(conn, EventCopyWriter::kCopyStatement));
    if (PQresultStatus(started.get()) != PGRES_COPY_IN)
        fail(conn, started.get(), "cannot start COPY into agent_events");
    std::string chunk;
    chunk.reserve(kChunkBytes + 4096);
    auto send = [&] {
        if (PQputCopyData(conn, chunk.data(), static_cast<int>(chunk.size())) != 1)
            fail(conn, nullptr, "COPY into agent_events failed");
        chunk.clear();
    };
    for (const auto& submission : batch.submissions)
        for (const auto& event : submission.events)
        {
            chunk += EventCopyWriter::encodeRow(event);
            if (chunk.size() >= kChunkBytes)
                send();
        }
    if (!chunk.empty())
        send();
    if (PQputCopyEnd(conn, nullptr) != 1)
        fail(conn, nullptr, "COPY into agent_events failed");
    // The COPY's own result, then NULL; every result must be consumed before the next statement.
    bool failed = false;
    ResultPtr failure(nullptr, &PQclear);
    while (PGresult* raw = PQgetResult(conn))
    {
        auto result = wrap(raw);
        if (PQresultStatus(raw) != PGRES_COMMAND_OK && !failed)
        {
            failed = true;
            failure = std::move(result);
        }
    }
    if (failed)
        fail(conn, failure.get(), "COPY into agent_events failed");
}

void rollbackQuietly(storage::PgConnection& connection) noexcept
{
    try
    {
        if (connection.healthy() && !connection.idle())
            connection.exec("ROLLBACK");
    }
    catch (const std::exception&)
    {
        // the pool discards a connection left mid-transaction; the original error is the one to report
    }
}
} // namespace

std::string EventCopyWriter::encodeRow(const storage::EventRecord& event)
{
    std::string row;
    row.reserve(160 + event.eventType.size() + event.payload.size());
    appendEscaped(row, event.id);
    row += '\t';
    appendEscaped(row, event.runId);
    row += '\t';
    appendEscaped(row, event.orgId);
    row += '\t';
    appendEscaped(row, event.eventType);
    row += '\t';
    row += std::to_string(event.sequenceNum);
    row += '\t';
    row += Timestamp::toSqlParameter(event.occurredAt);
    row += '\t';
    appendEscaped(row, event.agentId);
    row += '\t';
    appendEscaped(row, event.payload);
    row += '\n';
    return row;
}

std::optional<consistency::VisibilityToken> EventCopyWriter::write(storage::PgConnection& connection,
                                                                   const EventBatch& batch)
{
    try
    {
        connection.exec("BEGIN");
        copy(connection.raw(), batch);
        connection.exec("COMMIT");
    }
    catch (...)
    {
        rollbackQuietly(connection);
        throw;
    }
    try
    {
        return consistency::VisibilityToken::afterCommit(connection);
    }
    catch (const std::exception&)
    {
        return std::nullopt; // committed all the same
    }
}

bool EventCopyWriter::alreadyWritten(storage::PgConnection& connection, const EventBatch& batch)
{
    const auto& first = batch.submissions.front().events.front();
    return connection
        .exec("SELECT EXISTS (SELECT 1 FROM agent_events WHERE org_id = $1::uuid AND run_id = $2::uuid "
              "AND id = $3::uuid AND occurred_at = $4::timestamptz) AS written",
              storage::SqlParams().add(first.orgId).add(first.runId).add(first.id)
                  .add(Timestamp::toSqlParameter(first.occurredAt)))
        .boolean(0, "written");
}
} // namespace akashi::ingest
