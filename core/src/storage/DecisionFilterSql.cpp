#include "storage/DecisionFilterSql.h"

#include "common/Exception.h"

#include <algorithm>

namespace akashi::storage
{
DecisionFilterSql::DecisionFilterSql(SqlParams& params, const std::string& orgId) : _params(params)
{
    condition("d.org_id = ?::uuid", orgId);
}

DecisionFilterSql::DecisionFilterSql(SqlParams& params, const DecisionScope& scope) : DecisionFilterSql(params, scope.orgId)
{
    if (!scope.everyAgent)
    {
        _params.addTextArray(scope.agentIds);
        _conditions.push_back("d.agent_id = ANY($" + std::to_string(_params.size()) + "::text[])");
    }
}

std::string DecisionFilterSql::parameter(const std::string& value)
{
    _params.add(value);
    return "$" + std::to_string(_params.size());
}

std::string DecisionFilterSql::arrayParameter(const std::vector<std::string>& values)
{
    _params.addTextArray(values);
    return "$" + std::to_string(_params.size());
}

void DecisionFilterSql::condition(const std::string& sql, const std::string& value)
{
    const auto mark = sql.find('?');
    if (mark == std::string::npos)
        throw Exception(ErrorCode::internal, "decision filter without a placeholder: " + sql);
    _conditions.push_back(sql.substr(0, mark) + parameter(value) + sql.substr(mark + 1));
}

void DecisionFilterSql::filter(const DecisionFilter& filter)
{
    if (filter.agentIds && !filter.agentIds->empty())
    {
        _params.addTextArray(*filter.agentIds);
        _conditions.push_back("d.agent_id = ANY($" + std::to_string(_params.size()) + "::text[])");
    }
    if (filter.runId)
        condition("d.run_id = ?::uuid", *filter.runId);
    if (filter.decisionType)
        condition("d.decision_type = ?", *filter.decisionType);
    if (filter.confidenceMin)
    {
        _params.add(*filter.confidenceMin);
        _conditions.push_back("d.confidence >= $" + std::to_string(_params.size()) + "::real");
    }
    if (filter.outcome)
        condition("d.outcome = ?", *filter.outcome);
    if (filter.from)
        condition("d.valid_from >= ?::timestamptz", *filter.from);
    if (filter.to)
        condition("d.valid_from <= ?::timestamptz", *filter.to);
    if (filter.sessionId)
        condition("d.session_id = ?::uuid", *filter.sessionId);
    if (filter.tool)
        condition("d.tool = ?", *filter.tool);
    if (filter.model)
        condition("d.model = ?", *filter.model);
    if (filter.project)
        condition("d.project = ?", *filter.project);
    if (filter.traceId)
        condition("d.run_id IN (SELECT r.id FROM agent_runs r WHERE r.org_id = d.org_id AND r.trace_id = ?)",
                  *filter.traceId);
}

void DecisionFilterSql::currentOnly()
{
    _conditions.push_back("d.valid_to IS NULL");
}

std::string DecisionFilterSql::where() const
{
    std::string sql;
    for (const auto& part : _conditions)
        sql += (sql.empty() ? " WHERE " : " AND ") + part;
    return sql;
}

const std::vector<std::string>& DecisionFilterSql::orderColumns()
{
    static const std::vector<std::string> columns{"confidence",         "valid_from",    "decision_type", "outcome",
                                                  "completeness_score", "outcome_score", "agent_id",      "project"};
    return columns;
}

bool DecisionFilterSql::isOrderColumn(const std::string& column)
{
    const auto& columns = orderColumns();
    return std::find(columns.begin(), columns.end(), column) != columns.end();
}

std::string DecisionFilterSql::orderBy(const DecisionOrder& order)
{
    // The column name is checked against the whitelist: it is the one piece of SQL a request chooses.
    if (!isOrderColumn(order.column))
        throw Exception(ErrorCode::internal, "decision order column not whitelisted: " + order.column);
    const std::string direction = order.descending ? " DESC" : " ASC";
    // NULLS LAST only where NULLs exist: on a NOT NULL column it would stop PostgreSQL from reading the
    // (org_id, ..., valid_from DESC) indexes in order, and every match would be fetched and sorted.
    const bool nullable = order.column == "outcome_score" || order.column == "project";
    return " ORDER BY d." + order.column + direction + (nullable ? " NULLS LAST" : "") + ", d.id" + direction;
}
} // namespace akashi::storage
