#include "storage/ConflictRows.h"

#include "common/Timestamp.h"

namespace akashi::storage
{
namespace
{
std::string placeholder(const SqlParams& params)
{
    return "$" + std::to_string(params.size());
}
} // namespace

const std::string& ConflictRows::columns()
{
    static const std::string kColumns =
        "c.id, c.org_id, c.conflict_kind, c.decision_a_id, c.decision_b_id, a.agent_id AS agent_a, "
        "b.agent_id AS agent_b, a.run_id AS run_a, b.run_id AS run_b, "
        "COALESCE(c.decision_type, a.decision_type) AS decision_type, a.decision_type AS decision_type_a, "
        "b.decision_type AS decision_type_b, a.outcome AS outcome_a, b.outcome AS outcome_b, "
        "a.confidence AS confidence_a, b.confidence AS confidence_b, a.reasoning AS reasoning_a, "
        "b.reasoning AS reasoning_b, a.valid_from AS decided_at_a, b.valid_from AS decided_at_b, c.detected_at, "
        "c.topic_similarity, c.outcome_divergence, c.significance, c.scoring_method, c.explanation, c.relationship, "
        "c.category, c.severity, c.status, c.resolved_by, c.resolved_at, c.resolution_note, "
        "c.resolution_decision_id, c.winning_decision_id, c.false_positive_label, c.group_id, "
        "a.project AS project_a, b.project AS project_b";
    return kColumns;
}

const std::string& ConflictRows::joins()
{
    static const std::string kJoins = " JOIN decisions a ON a.id = c.decision_a_id AND a.org_id = c.org_id"
                                      " JOIN decisions b ON b.id = c.decision_b_id AND b.org_id = c.org_id";
    return kJoins;
}

std::string ConflictRows::select()
{
    return "SELECT " + columns() + " FROM scored_conflicts c" + joins();
}

std::string ConflictRows::visibleTo(SqlParams& params, const DecisionScope& scope)
{
    if (scope.everyAgent)
        return {};
    params.addTextArray(scope.agentIds);
    const std::string visible = placeholder(params) + "::text[]";
    return " AND a.agent_id = ANY(" + visible + ") AND b.agent_id = ANY(" + visible + ")";
}

std::string ConflictRows::ofDecisionType(SqlParams& params, const std::string& decisionType)
{
    params.add(decisionType);
    const std::string type = placeholder(params);
    return " AND (c.decision_type = " + type + " OR (c.decision_type IS NULL AND a.decision_type = " + type + "))";
}

std::string ConflictRows::touchingProject(SqlParams& params, const std::string& project)
{
    params.add(project);
    const std::string value = placeholder(params);
    return " AND (a.project = " + value + " OR b.project = " + value + ")";
}

ConflictRecord ConflictRows::toRecord(const PgResult& result, int row)
{
    auto time = [&](const std::string& column) { return Timestamp::postgresToRfc3339(result.text(row, column)); };
    auto optionalTime = [&](const std::string& column) {
        auto text = result.optionalText(row, column);
        return text ? std::optional<std::string>(Timestamp::postgresToRfc3339(*text)) : std::nullopt;
    };
    ConflictRecord c;
    c.id = result.text(row, "id");
    c.orgId = result.text(row, "org_id");
    c.conflictKind = result.text(row, "conflict_kind");
    c.decisionAId = result.text(row, "decision_a_id");
    c.decisionBId = result.text(row, "decision_b_id");
    c.agentA = result.text(row, "agent_a");
    c.agentB = result.text(row, "agent_b");
    c.runA = result.text(row, "run_a");
    c.runB = result.text(row, "run_b");
    c.decisionType = result.text(row, "decision_type");
    c.decisionTypeA = result.text(row, "decision_type_a");
    c.decisionTypeB = result.text(row, "decision_type_b");
    c.outcomeA = result.text(row, "outcome_a");
    c.outcomeB = result.text(row, "outcome_b");
    c.confidenceA = result.real(row, "confidence_a");
    c.confidenceB = result.real(row, "confidence_b");
    c.reasoningA = result.optionalText(row, "reasoning_a");
    c.reasoningB = result.optionalText(row, "reasoning_b");
    c.decidedAtA = time("decided_at_a");
    c.decidedAtB = time("decided_at_b");
    c.detectedAt = time("detected_at");
    c.topicSimilarity = result.optionalReal(row, "topic_similarity");
    c.outcomeDivergence = result.optionalReal(row, "outcome_divergence");
    c.significance = result.optionalReal(row, "significance");
    c.scoringMethod = result.optionalText(row, "scoring_method");
    c.explanation = result.optionalText(row, "explanation");
    c.relationship = result.optionalText(row, "relationship");
    c.category = result.optionalText(row, "category");
    c.severity = result.optionalText(row, "severity");
    c.status = result.text(row, "status");
    c.resolvedBy = result.optionalText(row, "resolved_by");
    c.resolvedAt = optionalTime("resolved_at");
    c.resolutionNote = result.optionalText(row, "resolution_note");
    c.resolutionDecisionId = result.optionalText(row, "resolution_decision_id");
    c.winningDecisionId = result.optionalText(row, "winning_decision_id");
    c.falsePositiveLabel = result.optionalText(row, "false_positive_label");
    c.groupId = result.optionalText(row, "group_id");
    c.projectA = result.optionalText(row, "project_a");
    c.projectB = result.optionalText(row, "project_b");
    return c;
}

std::vector<ConflictRecord> ConflictRows::toRecords(const PgResult& result)
{
    std::vector<ConflictRecord> conflicts;
    conflicts.reserve(static_cast<std::size_t>(result.rows()));
    for (int row = 0; row < result.rows(); ++row)
        conflicts.push_back(toRecord(result, row));
    return conflicts;
}
} // namespace akashi::storage
