#pragma once
#include "storage/DecisionRecord.h"
#include "storage/PgConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// Every read of `decisions` (and their alternatives, evidence and open conflicts). Each method takes
/// the connection the caller already holds, so a read runs on the very lease that waited for a
/// visibility token. Every statement is scoped by org; scoped reads also push the caller's visibility
/// into SQL (DecisionScope), so counts are exact. Stateless and thread-safe; the connection is not.
class DecisionReader
{
public:
    /// Position after the last row of an export page: keyset on (valid_from, id).
    struct Cursor
    {
        std::string validFrom; ///< RFC 3339 with microseconds (PostgreSQL parses it back exactly)
        std::string id;
    };

    /// How many rows match a query, as far as it is worth counting.
    struct PageCount
    {
        std::optional<std::int64_t> total; ///< exact when at most kCountLimit rows match, else unknown
        bool hasMore = false;              ///< rows exist past this page (always exact)
    };

    /// Counting every match means visiting every match, so a query counts at most this many; beyond it
    /// the list envelope omits `total`, as the reference does when it cannot know it.
    static constexpr int kCountLimit = 1000;

    /// Current rows matching `filter`, ordered by `order` (ties by id), one page. Serves /v1/query, agent
    /// history and recent decisions.
    std::vector<DecisionRecord> query(PgConnection& connection, const DecisionScope& scope, const DecisionFilter& filter,
                                      const DecisionOrder& order, int limit, int offset, PageCount& count);

    /// Row versions as known at `asOf` (SQL parameter form): `transaction_time <= as_of AND (valid_to
    /// IS NULL OR valid_to > as_of)`, newest valid_from first.
    std::vector<DecisionRecord> asOf(PgConnection& connection, const DecisionScope& scope, const DecisionFilter& filter,
                                     const std::string& asOf, int limit);

    /// Any version (current or superseded) of the org, without visibility: the caller decides
    /// between 403 and success from its agent_id.
    std::optional<DecisionRecord> byId(PgConnection& connection, const std::string& orgId, const std::string& id);

    /// The supersedes chain through `id` in both directions (at most 100 links each way), visible
    /// rows only, valid_from ascending.
    std::vector<DecisionRecord> revisions(PgConnection& connection, const DecisionScope& scope, const std::string& id);

    /// All row versions of a run with alternatives and evidence, valid_from ascending, at most `limit`;
    /// `total` counts them all (GET /v1/runs/{id} reports truncation from it).
    std::vector<DecisionRecord> forRun(PgConnection& connection, const std::string& orgId, const std::string& runId,
                                       int limit, std::int64_t& total);

    /// One export page: every row version (current and superseded) matching `filter` after `after`,
    /// ordered by (valid_from, id), with alternatives and evidence.
    std::vector<DecisionRecord> exportPage(PgConnection& connection, const DecisionScope& scope,
                                           const DecisionFilter& filter, const std::optional<Cursor>& after,
                                           int pageSize);

    /// Current rows matching `filter`; with `text`, only those whose search_vector matches
    /// websearch_to_tsquery('english', text), best ts_rank first; otherwise newest first.
    std::vector<DecisionRecord> precedents(PgConnection& connection, const DecisionScope& scope,
                                           const DecisionFilter& filter, const std::optional<std::string>& text,
                                           int limit);

    /// Open scored_conflicts of `decisionType` in the org whose two agents are both visible, optionally
    /// touching `project` on either side, newest first.
    std::vector<ConflictRecord> openConflicts(PgConnection& connection, const DecisionScope& scope,
                                              const std::string& decisionType,
                                              const std::optional<std::string>& project, int limit);

    /// Alternatives and/or evidence for a page: one query each, never one per decision.
    void loadChildren(PgConnection& connection, const std::string& orgId, std::vector<DecisionRecord>& decisions,
                      bool alternatives, bool evidence);
};
} // namespace akashi::storage
