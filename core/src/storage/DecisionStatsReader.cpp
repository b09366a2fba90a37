#include "storage/DecisionStatsReader.h"

#include "common/Timestamp.h"
#include "storage/DecisionFilterSql.h"

namespace akashi::storage
{
DecisionStatsReader::Counts DecisionStatsReader::counts(PgConnection& connection, const DecisionScope& scope, int maxTypes)
{
    Counts counts;
    {
        SqlParams params;
        DecisionFilterSql where(params, scope);
        where.currentOnly();
        auto result = connection.exec("SELECT count(*) AS decisions, count(DISTINCT d.agent_id) AS agents, "
                                      "avg(d.confidence)::float8 AS average_confidence, max(d.valid_from) AS last_at "
                                      "FROM decisions d" + where.where(),
                                      params);
        counts.decisions = result.int64(0, "decisions");
        counts.agentsWithDecisions = result.int64(0, "agents");
        counts.averageConfidence = result.optionalReal(0, "average_confidence");
        if (auto last = result.optionalText(0, "last_at"))
            counts.lastDecisionAt = Timestamp::postgresToRfc3339(*last);
    }
    {
        SqlParams params;
        DecisionFilterSql where(params, scope);
        where.currentOnly();
        const std::string sql = "SELECT d.decision_type, count(*) AS n FROM decisions d" + where.where() +
                                " GROUP BY d.decision_type ORDER BY n DESC, d.decision_type LIMIT " +
                                where.parameter(std::to_string(maxTypes)) + "::int";
        auto result = connection.exec(sql, params);
        for (int row = 0; row < result.rows(); ++row)
            counts.byType.emplace_back(result.text(row, "decision_type"), result.int64(row, "n"));
    }
    {
        SqlParams params;
        DecisionFilterSql where(params, scope);
        counts.assessments = connection
                                 .exec("SELECT count(*) AS n FROM decision_assessments a JOIN decisions d "
                                       "ON d.id = a.decision_id AND d.org_id = a.org_id" + where.where(),
                                       params)
                                 .int64(0, "n");
    }
    SqlParams params;
    params.add(scope.orgId);
    std::string sql = "SELECT count(*) AS n FROM agents WHERE org_id = $1::uuid";
    if (!scope.everyAgent)
    {
        params.addTextArray(scope.agentIds);
        sql += " AND agent_id = ANY($2::text[])";
    }
    counts.agents = connection.exec(sql, params).int64(0, "n");
    return counts;
}
} // namespace akashi::storage
