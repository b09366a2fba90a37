#pragma once
#include "auth/Principal.h"
#include "services/AccessPolicy.h"
#include "services/ConflictService.h"
#include "storage/Database.h"
#include "storage/DecisionStatsReader.h"

#include <cstdint>

namespace akashi::services
{
/// Counts of what the caller may see in its org (MCP akashi_stats): current decisions overall and per
/// type, agents, open conflicts between visible agents, assessments. Reader role and up; visibility as
/// every other read (AccessPolicy). Thread-safe (no state besides its collaborators).
class DecisionStatsService
{
public:
    struct Stats
    {
        storage::DecisionStatsReader::Counts counts;
        std::int64_t openConflicts = 0;
    };

    DecisionStatsService(storage::Database& database, AccessPolicy& access, storage::DecisionStatsReader& reader,
                         ConflictService& conflicts)
        : _database(database), _access(access), _reader(reader), _conflicts(conflicts)
    {
    }

    Stats stats(const auth::Principal& caller);

    /// At most this many decision types are listed (the most frequent).
    static constexpr int kMaxTypes = 50;

private:
    storage::Database& _database;
    AccessPolicy& _access;
    storage::DecisionStatsReader& _reader;
    ConflictService& _conflicts;
};
} // namespace akashi::services
