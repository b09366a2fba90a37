#include "services/DecisionStatsService.h"

namespace akashi::services
{
DecisionStatsService::Stats DecisionStatsService::stats(const auth::Principal& caller)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    Stats stats;
    // The conflict count goes through ConflictService (its visibility rule: both agents visible), before
    // this method takes a lease of its own: one connection per request at a time.
    storage::ConflictRepository::Filter open;
    open.status = "open";
    stats.openConflicts = _conflicts.list(caller, open, 1, 0, std::nullopt).total;
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    stats.counts = _reader.counts(*lease, scope, kMaxTypes);
    return stats;
}
} // namespace akashi::services
