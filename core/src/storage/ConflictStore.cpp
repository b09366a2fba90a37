#include "storage/ConflictStore.h"

#include "storage/FloatArray.h"
#include "storage/SqlParams.h"

namespace akashi::storage
{
std::vector<std::string> ConflictStore::ruleMatches(PgConnection& connection, const EmbeddingSource& decision, int limit)
{
    auto rows = connection.exec(
        "SELECT id::text AS id FROM decisions "
        "WHERE org_id = $1::uuid AND decision_type = $2 AND agent_id <> $3 AND outcome <> $4 AND valid_to IS NULL "
        "  AND id <> $5::uuid AND valid_from BETWEEN to_timestamp($6) - interval '1 hour' AND to_timestamp($6) + interval '1 hour' "
        "ORDER BY abs(extract(epoch FROM valid_from) - $6), id LIMIT $7",
        SqlParams()
            .add(decision.orgId)
            .add(decision.decisionType)
            .add(decision.agentId)
            .add(decision.outcome)
            .add(decision.decisionId)
            .add(decision.validFromEpoch)
            .add(limit));
    std::vector<std::string> ids;
    for (int i = 0; i < rows.rows(); ++i)
        ids.push_back(rows.text(i, "id"));
    return ids;
}

std::vector<ConflictCandidate> ConflictStore::load(PgConnection& connection, const std::string& orgId,
                                                   const std::vector<std::string>& ids, const std::string& model,
                                                   int dimensions)
{
    if (ids.empty())
        return {};
    auto rows = connection.exec(
        "SELECT id::text AS id, agent_id, decision_type, outcome, confidence, "
        "extract(epoch FROM valid_from)::float8 AS valid_from_epoch, "
        "CASE WHEN embedding_model = $3 AND embedding_dimensions = $4 THEN embedding::text END AS embedding, "
        "CASE WHEN embedding_model = $3 AND embedding_dimensions = $4 THEN outcome_embedding::text END AS outcome_embedding "
        "FROM decisions WHERE org_id = $1::uuid AND id = ANY($2::uuid[]) AND valid_to IS NULL",
        SqlParams().add(orgId).addTextArray(ids).add(model).add(dimensions));
    std::vector<ConflictCandidate> candidates;
    for (int i = 0; i < rows.rows(); ++i)
    {
        ConflictCandidate c;
        c.decisionId = rows.text(i, "id");
        c.agentId = rows.text(i, "agent_id");
        c.decisionType = rows.text(i, "decision_type");
        c.outcome = rows.text(i, "outcome");
        c.confidence = rows.real(i, "confidence");
        c.validFromEpoch = rows.real(i, "valid_from_epoch");
        if (!rows.isNull(i, "embedding"))
            c.vector = parseFloatArray(rows.text(i, "embedding"));
        if (!rows.isNull(i, "outcome_embedding"))
            c.outcomeVector = parseFloatArray(rows.text(i, "outcome_embedding"));
        candidates.push_back(std::move(c));
    }
    return candidates;
}

std::optional<std::string> ConflictStore::insert(PgConnection& connection, const NewConflict& conflict)
{
    auto row = connection.exec(
        "INSERT INTO scored_conflicts (org_id, conflict_kind, decision_a_id, decision_b_id, agent_a, agent_b, "
        "decision_type, topic_similarity, outcome_divergence, significance, scoring_method, explanation) "
        "VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5, $6, $7, $8, $9, $10, $11, $12) "
        "ON CONFLICT (decision_a_id, decision_b_id) DO NOTHING RETURNING id::text AS id",
        SqlParams()
            .add(conflict.orgId)
            .add(conflict.conflictKind)
            .add(conflict.decisionAId)
            .add(conflict.decisionBId)
            .add(conflict.agentA)
            .add(conflict.agentB)
            .add(conflict.decisionType)
            .add(conflict.topicSimilarity)
            .add(conflict.outcomeDivergence)
            .add(conflict.significance)
            .add(conflict.scoringMethod)
            .add(conflict.explanation));
    if (row.rows() == 0)
        return std::nullopt;
    return row.text(0, "id");
}

void ConflictStore::resolveClosed(PgConnection& connection,
                                  const std::vector<std::pair<std::string, std::string>>& decisionOrgIds)
{
    if (decisionOrgIds.empty())
        return;
    connection.exec(
        "UPDATE scored_conflicts c SET status = 'resolved', resolved_by = 'system', resolved_at = now(), "
        "resolution_note = 'decision ' || k.id::text || ' was superseded by a revision' "
        "FROM unnest($1::uuid[], $2::uuid[]) AS k(id, org_id) "
        "WHERE c.org_id = k.org_id AND c.status = 'open' AND (c.decision_a_id = k.id OR c.decision_b_id = k.id)",
        SqlParams().addTextArrayPair(decisionOrgIds));
}
} // namespace akashi::storage
