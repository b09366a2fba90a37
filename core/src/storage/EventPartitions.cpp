#include "storage/EventPartitions.h"

#include "common/Exception.h"
#include "storage/PgConnection.h"

#include <cstdio>

namespace akashi::storage
{
namespace
{
using std::chrono::sys_days;

/// "2026-03-14 00:00:00+00": a UTC instant PostgreSQL reads the same whatever the session's TimeZone.
std::string utcMidnight(sys_days day)
{
    const std::chrono::year_month_day date{day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u 00:00:00+00", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

std::string nameOf(sys_days day)
{
    const std::chrono::year_month_day date{day};
    char text[32];
    std::snprintf(text, sizeof text, "agent_events_p%04d%02u%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

bool isPartition(PgConnection& connection, const std::string& name)
{
    return connection
        .exec("SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
              "WHERE i.inhparent = 'agent_events'::regclass AND c.relname = $1) AS found",
              SqlParams().add(name))
        .boolean(0, "found");
}

/// One partition in one transaction. DDL takes no parameters, so the name and bounds are spliced into
/// the statements; both are formatted here from a date (digits only), never from input.
bool createPartition(PgConnection& connection, sys_days day)
{
    const std::string name = nameOf(day);
    const std::string from = utcMidnight(day);
    const std::string to = utcMidnight(day + std::chrono::days(1));
    connection.exec("BEGIN");
    try
    {
        connection.exec("SELECT pg_advisory_xact_lock($1::bigint)", SqlParams().add(EventPartitions::kAdvisoryLockKey));
        connection.exec(std::string("SET LOCAL lock_timeout = '") + EventPartitions::kLockTimeout + "'");
        if (isPartition(connection, name)) // another server created it while we waited for the lock
        {
            connection.exec("COMMIT");
            return false;
        }
        connection.exec("CREATE TABLE " + name + " (LIKE agent_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        // ATTACH refuses while the default partition holds rows of the new range: move them first, holding
        // the lock ATTACH needs anyway so no such row can arrive in between.
        const auto defaultPartition = connection.exec(
            "SELECT p.partdefid::regclass::text AS name FROM pg_partitioned_table p "
            "WHERE p.partrelid = 'agent_events'::regclass AND p.partdefid <> 0");
        if (defaultPartition.rows() == 1)
        {
            const std::string source = defaultPartition.text(0, "name");
            connection.exec("LOCK TABLE " + source + " IN ACCESS EXCLUSIVE MODE");
            connection.exec("WITH moved AS (DELETE FROM " + source +
                                " WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz RETURNING *) "
                                "INSERT INTO " + name + " SELECT * FROM moved",
                            SqlParams().add(from).add(to));
        }
        // ATTACH builds the parent's indexes and constraints on the new table (after the rows are in).
        connection.exec("ALTER TABLE agent_events ATTACH PARTITION " + name + " FOR VALUES FROM ('" + from +
                        "') TO ('" + to + "')");
        connection.exec("COMMIT");
        return true;
    }
    catch (...)
    {
        try
        {
            if (connection.healthy() && !connection.idle())
                connection.exec("ROLLBACK");
        }
        catch (const std::exception&)
        {
            // the pool discards a connection left mid-transaction; the original error is what matters
        }
        throw;
    }
}
} // namespace

std::string EventPartitions::partitionName(std::chrono::system_clock::time_point day)
{
    return nameOf(std::chrono::floor<std::chrono::days>(day));
}

int EventPartitions::ensure(PgConnection& connection, std::chrono::system_clock::time_point now, int daysBehind,
                            int daysAhead)
{
    if (daysBehind < 0 || daysAhead < 0)
        throw Exception(ErrorCode::internal, "event partition range must not be negative",
                        "daysBehind " + std::to_string(daysBehind) + ", daysAhead " + std::to_string(daysAhead) + ".");
    const sys_days today = std::chrono::floor<std::chrono::days>(now);
    int created = 0;
    for (int offset = -daysBehind; offset <= daysAhead; ++offset)
    {
        const sys_days day = today + std::chrono::days(offset);
        if (!isPartition(connection, nameOf(day)) && createPartition(connection, day))
            ++created;
    }
    return created;
}
} // namespace akashi::storage
