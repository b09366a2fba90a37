#include "storage/ConflictRepository.h"

#include "storage/ConflictRows.h"

namespace akashi::storage
{
namespace
{
const std::string kNewestFirst = " ORDER BY c.detected_at DESC, c.id DESC";

std::string next(SqlParams& params, const std::string& value)
{
    params.add(value);
    return "$" + std::to_string(params.size());
}

/// ` AND <column> = $n` when `value` is set.
std::string equals(SqlParams& params, const std::string& column, const std::optional<std::string>& value)
{
    return value ? " AND " + column + " = " + next(params, *value) : std::string();
}

std::string page(SqlParams& params, int limit, int offset)
{
    std::string sql = " LIMIT " + next(params, std::to_string(limit)) + "::int";
    return sql + " OFFSET " + next(params, std::to_string(offset)) + "::int";
}

/// The total and one page of `scored_conflicts c` (with its decisions) under `where`.
std::vector<ConflictRecord> countedPage(PgConnection& connection, SqlParams& params, const std::string& where,
                                        int limit, int offset, std::int64_t& total)
{
    total = connection.exec("SELECT count(*) AS total FROM scored_conflicts c" + ConflictRows::joins() + where, params)
                .int64(0, "total");
    const std::string sql = ConflictRows::select() + where + kNewestFirst + page(params, limit, offset);
    return ConflictRows::toRecords(connection.exec(sql, params));
}
} // namespace

std::vector<ConflictRecord> ConflictRepository::list(PgConnection& connection, const DecisionScope& scope,
                                                     const Filter& filter, int limit, int offset, std::int64_t& total)
{
    SqlParams params;
    std::string where = " WHERE c.org_id = " + next(params, scope.orgId) + "::uuid";
    where += ConflictRows::visibleTo(params, scope);
    if (filter.decisionType)
        where += ConflictRows::ofDecisionType(params, *filter.decisionType);
    if (filter.agentId)
    {
        const std::string agent = next(params, *filter.agentId);
        where += " AND (a.agent_id = " + agent + " OR b.agent_id = " + agent + ")";
    }
    where += equals(params, "c.conflict_kind", filter.conflictKind);
    where += equals(params, "c.status", filter.status);
    where += equals(params, "c.severity", filter.severity);
    where += equals(params, "c.category", filter.category);
    if (filter.project)
        where += ConflictRows::touchingProject(params, *filter.project);
    return countedPage(connection, params, where, limit, offset, total);
}

std::optional<ConflictRecord> ConflictRepository::byId(PgConnection& connection, const std::string& orgId,
                                                       const std::string& id)
{
    const auto result = connection.exec(ConflictRows::select() + " WHERE c.org_id = $1::uuid AND c.id = $2::uuid",
                                        SqlParams().add(orgId).add(id));
    if (result.rows() == 0)
        return std::nullopt;
    return ConflictRows::toRecord(result, 0);
}

std::vector<ConflictRecord> ConflictRepository::forDecision(PgConnection& connection, const DecisionScope& scope,
                                                            const std::string& decisionId,
                                                            const std::optional<std::string>& status, int limit,
                                                            int offset, std::int64_t& total)
{
    SqlParams params;
    std::string where = " WHERE c.org_id = " + next(params, scope.orgId) + "::uuid";
    const std::string decision = next(params, decisionId) + "::uuid";
    where += " AND (c.decision_a_id = " + decision + " OR c.decision_b_id = " + decision + ")";
    where += ConflictRows::visibleTo(params, scope);
    where += equals(params, "c.status", status);
    return countedPage(connection, params, where, limit, offset, total);
}

std::optional<ConflictRecord> ConflictRepository::updateStatus(PgConnection& connection, const std::string& orgId,
                                                               const std::string& id, const StatusChange& change)
{
    // One statement: the UPDATE's row lock orders concurrent PATCHes, and the loser re-checks
    // `status = 'open'` after the winner commits, so exactly one of them changes the row.
    const std::string sql =
        "WITH c AS (UPDATE scored_conflicts SET status = $3, resolved_by = $4, resolved_at = now(), "
        "resolution_note = $5, winning_decision_id = $6::uuid, false_positive_label = $7 "
        "WHERE org_id = $1::uuid AND id = $2::uuid AND status = 'open' RETURNING *) "
        "SELECT " +
        ConflictRows::columns() + " FROM c" + ConflictRows::joins();
    const auto result = connection.exec(sql, SqlParams()
                                                 .add(orgId)
                                                 .add(id)
                                                 .add(change.status)
                                                 .add(change.resolvedBy)
                                                 .add(change.resolutionNote)
                                                 .add(change.winningDecisionId)
                                                 .add(change.falsePositiveLabel));
    if (result.rows() == 0)
        return std::nullopt;
    return ConflictRows::toRecord(result, 0);
}

ConflictRepository::WinRecord ConflictRepository::winRecord(PgConnection& connection, const DecisionScope& scope,
                                                            const std::string& agentId)
{
    SqlParams params;
    params.add(scope.orgId).add(agentId);
    const std::string sql =
        "SELECT count(*) AS decided, count(*) FILTER (WHERE (c.winning_decision_id = a.id AND a.agent_id = $2) "
        "OR (c.winning_decision_id = b.id AND b.agent_id = $2)) AS wins FROM scored_conflicts c" +
        ConflictRows::joins() +
        " WHERE c.org_id = $1::uuid AND c.status = 'resolved' AND c.winning_decision_id IS NOT NULL"
        " AND (a.agent_id = $2) <> (b.agent_id = $2)" +
        ConflictRows::visibleTo(params, scope);
    const auto result = connection.exec(sql, params);
    return {result.int64(0, "decided"), result.int64(0, "wins")};
}

int ConflictRepository::revisionDepth(PgConnection& connection, const std::string& orgId, const std::string& decisionId)
{
    const std::string sql =
        "WITH RECURSIVE chain AS ("
        " SELECT d.supersedes_id, 0 AS depth FROM decisions d WHERE d.org_id = $1::uuid AND d.id = $2::uuid"
        " UNION ALL SELECT p.supersedes_id, chain.depth + 1 FROM decisions p JOIN chain ON p.id = chain.supersedes_id"
        " WHERE p.org_id = $1::uuid AND chain.depth < $3::int) "
        "SELECT COALESCE(max(depth), 0) AS depth FROM chain";
    return static_cast<int>(
        connection.exec(sql, SqlParams().add(orgId).add(decisionId).add(kMaxRevisionDepth)).int64(0, "depth"));
}
} // namespace akashi::storage
