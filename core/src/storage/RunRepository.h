#pragma once
#include "storage/Database.h"
#include "storage/EventRecord.h"
#include "storage/RunRecord.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// The `agent_runs` table and reads of a run's `agent_events`. Every statement is scoped by org. The
/// static overloads run on a connection the caller holds, so a read after a visibility wait sees
/// exactly what the wait saw (one lease for the whole GET /v1/runs/{id}).
class RunRepository
{
public:
    explicit RunRepository(Database& database) : _database(database) {}

    /// Inserts a `running` run started now, on `connection` (so the caller can read the commit's
    /// visibility token on it).
    static RunRecord insert(PgConnection& connection, const NewRun& run);

    std::optional<RunRecord> findById(const std::string& orgId, const std::string& runId);
    static std::optional<RunRecord> findById(PgConnection& connection, const std::string& orgId,
                                             const std::string& runId);

    /// Moves a `running` run to `status` (completed | failed), stamps completed_at and merges `metadata`
    /// (a JSON object) into the stored one, top-level keys of the new object winning. nullopt when the
    /// org has no such run or the run is no longer running (the caller tells the two apart).
    static std::optional<RunRecord> complete(PgConnection& connection, const std::string& orgId,
                                             const std::string& runId, const std::string& status,
                                             const std::string& metadata);

    /// At most `limit` events of the run in sequence order; `truncated` says whether more exist.
    struct EventPage
    {
        std::vector<EventRecord> events;
        bool truncated = false;
    };
    static EventPage events(PgConnection& connection, const std::string& orgId, const std::string& runId,
                            std::size_t limit);

private:
    Database& _database;
};
} // namespace akashi::storage
