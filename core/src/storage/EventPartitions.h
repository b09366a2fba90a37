#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace akashi::storage
{
class PgConnection;

/// The daily partitions of agent_events: `agent_events_pYYYYMMDD` holds [day 00:00 UTC, next day 00:00
/// UTC). Events of a day without a partition land in `agent_events_default` (created by migration
/// 0002); creating that day's partition moves them over, so the default partition stays small and
/// nothing is lost.
class EventPartitions
{
public:
    /// Serialises ensure() across servers (pg_advisory_xact_lock): 0x414B415348490002, shown in
    /// pg_locks as classid 1095450963, objid 1212743682.
    static constexpr std::int64_t kAdvisoryLockKey = 0x414B415348490002;

    /// Creates the missing partitions for the UTC days now-daysBehind .. now+daysAhead (both >= 0) and
    /// returns how many it created; 0 when all exist. Each partition is created in its own transaction
    /// on `connection` (which must be idle): CREATE TABLE, move the default partition's rows for that day,
    /// ATTACH PARTITION. Waits at most kLockTimeout for the default partition's lock (ATTACH holds it
    /// exclusively while it checks the default partition), then fails rather than stall ingest.
    /// Throws DatabaseError (e.g. agent_events missing) or akashi::Exception(internal) for bad arguments;
    /// a failed partition leaves nothing behind and the ones before it stay created.
    static int ensure(PgConnection& connection, std::chrono::system_clock::time_point now, int daysBehind,
                      int daysAhead);


    /// "agent_events_p20260314" for any instant of that UTC day.
    static std::string partitionName(std::chrono::system_clock::time_point day);

    static constexpr const char* kLockTimeout = "5s";
};
} // namespace akashi::storage
