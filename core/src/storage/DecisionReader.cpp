#include "storage/DecisionReader.h"

#include "storage/ConflictRows.h"
#include "storage/DecisionFilterSql.h"
#include "storage/DecisionRows.h"

namespace akashi::storage
{
namespace
{
const std::string kFrom = " FROM decisions d";
constexpr int kRevisionDepth = 100;

std::string limitClause(SqlParams& params, int limit, int offset = 0)
{
    params.add(limit);
    std::string sql = " LIMIT $" + std::to_string(params.size());
    if (offset > 0)
    {
        params.add(offset);
        sql += " OFFSET $" + std::to_string(params.size());
    }
    return sql;
}
} // namespace

std::vector<DecisionRecord> DecisionReader::query(PgConnection& connection, const DecisionScope& scope,
                                                  const DecisionFilter& filter, const DecisionOrder& order, int limit,
                                                  int offset, PageCount& count)
{
    SqlParams params;
    DecisionFilterSql where(params, scope);
    where.filter(filter);
    where.currentOnly();
    const std::string clause = where.where();
    SqlParams countParams = params;
    countParams.add(kCountLimit + 1);
    const auto counted = connection
                             .exec("SELECT count(*) AS total FROM (SELECT 1" + kFrom + clause + " LIMIT $" +
                                       std::to_string(countParams.size()) + ") AS capped",
                                   countParams)
                             .int64(0, "total");
    count.total = counted <= kCountLimit ? std::optional<std::int64_t>(counted) : std::nullopt;
    // One row more than the page tells whether another page follows, whether or not the total is known.
    const std::string page = DecisionFilterSql::orderBy(order) + limitClause(params, limit + 1, offset);
    auto decisions =
        DecisionRows::toRecords(connection.exec("SELECT " + DecisionRows::columns() + kFrom + clause + page, params));
    count.hasMore = static_cast<int>(decisions.size()) > limit;
    if (count.hasMore)
        decisions.pop_back();
    return decisions;
}

std::vector<DecisionRecord> DecisionReader::asOf(PgConnection& connection, const DecisionScope& scope,
                                                 const DecisionFilter& filter, const std::string& asOf, int limit)
{
    SqlParams params;
    DecisionFilterSql where(params, scope);
    where.filter(filter);
    const std::string at = where.parameter(asOf);
    where.condition("d.transaction_time <= " + at + "::timestamptz");
    where.condition("(d.valid_to IS NULL OR d.valid_to > " + at + "::timestamptz)");
    const std::string sql = "SELECT " + DecisionRows::columns() + kFrom + where.where() +
                            " ORDER BY d.valid_from DESC, d.id DESC" + limitClause(params, limit);
    return DecisionRows::toRecords(connection.exec(sql, params));
}

std::optional<DecisionRecord> DecisionReader::byId(PgConnection& connection, const std::string& orgId,
                                                   const std::string& id)
{
    SqlParams params;
    DecisionFilterSql where(params, orgId);
    where.condition("d.id = ?::uuid", id);
    const auto result = connection.exec("SELECT " + DecisionRows::columns() + kFrom + where.where(), params);
    if (result.rows() == 0)
        return std::nullopt;
    return DecisionRows::toRecord(result, 0);
}

std::vector<DecisionRecord> DecisionReader::revisions(PgConnection& connection, const DecisionScope& scope,
                                                      const std::string& id)
{
    SqlParams params;
    DecisionFilterSql where(params, scope);
    const std::string org = "$1::uuid"; // DecisionFilterSql always binds the org first
    const std::string start = where.parameter(id);
    const std::string depth = where.parameter(std::to_string(kRevisionDepth));
    const std::string chain =
        "WITH RECURSIVE older AS ("
        " SELECT o.id, o.supersedes_id, 0 AS depth FROM decisions o WHERE o.org_id = " + org + " AND o.id = " + start +
        "::uuid UNION ALL SELECT o.id, o.supersedes_id, older.depth + 1 FROM decisions o JOIN older"
        " ON o.id = older.supersedes_id WHERE o.org_id = " + org + " AND older.depth < " + depth + "::int),"
        " newer AS ("
        " SELECT n.id, 0 AS depth FROM decisions n WHERE n.org_id = " + org + " AND n.id = " + start +
        "::uuid UNION ALL SELECT n.id, newer.depth + 1 FROM decisions n JOIN newer ON n.supersedes_id = newer.id"
        " WHERE n.org_id = " + org + " AND newer.depth < " + depth + "::int) ";
    where.condition("d.id IN (SELECT id FROM older UNION SELECT id FROM newer)");
    return DecisionRows::toRecords(connection.exec(chain + "SELECT " + DecisionRows::columns() + kFrom + where.where() +
                                                       " ORDER BY d.valid_from ASC, d.id ASC",
                                                   params));
}

std::vector<DecisionRecord> DecisionReader::forRun(PgConnection& connection, const std::string& orgId,
                                                   const std::string& runId, int limit, std::int64_t& total)
{
    SqlParams params;
    DecisionFilterSql where(params, orgId);
    where.condition("d.run_id = ?::uuid", runId);
    const std::string clause = where.where();
    total = connection.exec("SELECT count(*) AS total" + kFrom + clause, params).int64(0, "total");
    auto decisions = DecisionRows::toRecords(connection.exec("SELECT " + DecisionRows::columns() + kFrom + clause +
                                                                 " ORDER BY d.valid_from ASC, d.id ASC" +
                                                                 limitClause(params, limit),
                                                             params));
    loadChildren(connection, orgId, decisions, true, true);
    return decisions;
}

std::vector<DecisionRecord> DecisionReader::exportPage(PgConnection& connection, const DecisionScope& scope,
                                                       const DecisionFilter& filter,
                                                       const std::optional<Cursor>& after, int pageSize)
{
    SqlParams params;
    DecisionFilterSql where(params, scope);
    where.filter(filter);
    if (after)
    {
        const std::string from = where.parameter(after->validFrom);
        const std::string id = where.parameter(after->id);
        where.condition("(d.valid_from, d.id) > (" + from + "::timestamptz, " + id + "::uuid)");
    }
    auto decisions = DecisionRows::toRecords(connection.exec("SELECT " + DecisionRows::columns() + kFrom +
                                                                 where.where() + " ORDER BY d.valid_from ASC, d.id ASC" +
                                                                 limitClause(params, pageSize),
                                                             params));
    loadChildren(connection, scope.orgId, decisions, true, true);
    return decisions;
}

std::vector<DecisionRecord> DecisionReader::precedents(PgConnection& connection, const DecisionScope& scope,
                                                       const DecisionFilter& filter,
                                                       const std::optional<std::string>& text, int limit)
{
    SqlParams params;
    DecisionFilterSql where(params, scope);
    where.filter(filter);
    where.currentOnly();
    std::string order = " ORDER BY d.valid_from DESC, d.id DESC";
    if (text)
    {
        const std::string query = "websearch_to_tsquery('english', " + where.parameter(*text) + ")";
        where.condition("d.search_vector @@ " + query);
        order = " ORDER BY ts_rank(d.search_vector, " + query + ") DESC, d.valid_from DESC, d.id DESC";
    }
    return DecisionRows::toRecords(
        connection.exec("SELECT " + DecisionRows::columns() + kFrom + where.where() + order + limitClause(params, limit),
                        params));
}

std::vector<ConflictRecord> DecisionReader::openConflicts(PgConnection& connection, const DecisionScope& scope,
                                                          const std::string& decisionType,
                                                          const std::optional<std::string>& project, int limit)
{
    SqlParams params;
    params.add(scope.orgId);
    std::string sql = ConflictRows::select() + " WHERE c.org_id = $1::uuid AND c.status = 'open'";
    sql += ConflictRows::ofDecisionType(params, decisionType);
    sql += ConflictRows::visibleTo(params, scope);
    if (project)
        sql += ConflictRows::touchingProject(params, *project);
    sql += " ORDER BY c.detected_at DESC, c.id DESC" + limitClause(params, limit);
    return ConflictRows::toRecords(connection.exec(sql, params));
}

void DecisionReader::loadChildren(PgConnection& connection, const std::string& orgId,
                                  std::vector<DecisionRecord>& decisions, bool alternatives, bool evidence)
{
    if (alternatives)
        DecisionRows::loadAlternatives(connection, orgId, decisions);
    if (evidence)
        DecisionRows::loadEvidence(connection, orgId, decisions);
}
} // namespace akashi::storage
