#include "CopyBaseline.h"

#include "ClientTally.h"
#include "ClientThreads.h"
#include "MeasurementWindow.h"
#include "Workload.h"

#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <random>
#include <thread>

namespace akashi::bench
{
namespace
{
using Clock = MeasurementWindow::Clock;

/// Random (version 4) UUIDs from a per-thread generator, so id generation never contends.
class UuidSource
{
public:
    UuidSource() : _engine(std::random_device{}()) {}

    std::string next()
    {
        std::uint64_t high = _engine();
        std::uint64_t low = _engine();
        high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
        low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
        char text[37];
        std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                      static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                      static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
        return text;
    }

private:
    std::mt19937_64 _engine;
};

std::string nowUtc()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<long long>(micros));
    return text;
}


using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

/// Runs `sql`; returns the error text, empty on the expected status.
std::string exec(PGconn* conn, const char* sql, ExecStatusType expected)
{
    Result result(PQexec(conn, sql), &PQclear);
    if (PQresultStatus(result.get()) == expected)
        return {};
    return std::string(sql) + ": " + PQerrorMessage(conn);
}

/// One transaction of `rows` rows; returns the error text, empty when it committed.
std::string copyBatch(PGconn* conn, const std::string& rows)
{
    if (auto error = exec(conn, "BEGIN", PGRES_COMMAND_OK); !error.empty())
        return error;
    auto error = exec(conn,
                      "COPY agent_events (id, run_id, org_id, event_type, sequence_num, occurred_at, agent_id, payload) "
                      "FROM STDIN",
                      PGRES_COPY_IN);
    if (error.empty())
    {
        if (PQputCopyData(conn, rows.data(), static_cast<int>(rows.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1)
            error = std::string("COPY data: ") + PQerrorMessage(conn);
        while (Result result{PQgetResult(conn), &PQclear})
            if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && error.empty())
                error = std::string("COPY: ") + PQresultErrorMessage(result.get());
    }
    if (!error.empty())
    {
        exec(conn, "ROLLBACK", PGRES_COMMAND_OK);
        return error;
    }
    return exec(conn, "COMMIT", PGRES_COMMAND_OK);
}
} // namespace

CopyBaseline::CopyBaseline(const BenchOptions& options) : _options(options)
{
}

void CopyBaseline::drive(const MeasurementWindow& window, ClientTally& tally) const
{
    Connection conn(PQconnectdb(_options.conninfo.c_str()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK)
    {
        tally.failed(std::string("cannot connect: ") + PQerrorMessage(conn.get()));
        return;
    }
    UuidSource uuids;
    const std::string runId = uuids.next();
    const std::string fixed = std::string("\t") + runId + "\t" + _options.orgId + "\t" + Workload::eventType();
    const std::string tail = std::string("\t") + _options.agentId + "\t" + Workload::eventPayload() + "\n";
    std::uint64_t sequence = 0;
    std::string rows;
    while (!window.over())
    {
        rows.clear();
        const std::string occurredAt = nowUtc();
        for (std::size_t r = 0; r < _options.batch; ++r)
        {
            rows += uuids.next();
            rows += fixed;
            rows += '\t';
            rows += std::to_string(++sequence);
            rows += '\t';
            rows += occurredAt;
            rows += tail;
        }
        const auto begun = Clock::now();
        const std::string error = copyBatch(conn.get(), rows);
        const auto committed = Clock::now();
        if (!window.contains(committed))
            continue;
        if (error.empty())
        {
            tally.succeeded(_options.batch, MeasurementWindow::micros(begun, committed));
            continue;
        }
        tally.failed(error);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

BenchResult CopyBaseline::run()
{
    return runClients(_options, "copy thread",
                      [&](std::size_t, const MeasurementWindow& window, ClientTally& tally) { drive(window, tally); });
}
} // namespace akashi::bench
