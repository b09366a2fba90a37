#include "api/DecisionFixtures.h"

namespace akashi::test
{
std::string DecisionFixtures::insertRun(const std::string& orgId, const std::string& agentId,
                                        const std::optional<std::string>& traceId)
{
    return _sql
        .exec("INSERT INTO agent_runs (org_id, agent_id, trace_id) VALUES ($1::uuid, $2, $3) RETURNING id",
              storage::SqlParams().add(orgId).add(agentId).add(traceId))
        .text(0, "id");
}

std::string DecisionFixtures::insertDecision(const DecisionSpec& spec)
{
    const std::string runId = spec.runId ? *spec.runId : insertRun(spec.orgId, spec.agentId);
    const auto transactionTime = spec.transactionTime ? spec.transactionTime : spec.validFrom;
    return _sql
        .exec("INSERT INTO decisions (org_id, run_id, agent_id, decision_type, outcome, confidence, reasoning, "
              "metadata, completeness_score, supersedes_id, precedent_ref, project, session_id, tool, model, "
              "content_hash, valid_from, transaction_time, created_at) VALUES ($1::uuid, $2::uuid, $3, $4, $5, "
              "$6::real, $7, $8::jsonb, $9::real, $10::uuid, $11::uuid, $12, $13::uuid, $14, $15, $16, "
              "COALESCE($17::timestamptz, now()), COALESCE($18::timestamptz, now()), "
              "COALESCE($18::timestamptz, now())) RETURNING id",
              storage::SqlParams()
                  .add(spec.orgId)
                  .add(runId)
                  .add(spec.agentId)
                  .add(spec.decisionType)
                  .add(spec.outcome)
                  .add(spec.confidence)
                  .add(spec.reasoning)
                  .add(spec.metadata)
                  .add(spec.completenessScore)
                  .add(spec.supersedesId)
                  .add(spec.precedentRef)
                  .add(spec.project)
                  .add(spec.sessionId)
                  .add(spec.tool)
                  .add(spec.model)
                  .add(spec.contentHash)
                  .add(spec.validFrom)
                  .add(transactionTime))
        .text(0, "id");
}

std::string DecisionFixtures::revise(const std::string& previousId, DecisionSpec spec)
{
    spec.supersedesId = previousId;
    const auto id = insertDecision(spec);
    _sql.exec("UPDATE decisions SET valid_to = (SELECT valid_from FROM decisions WHERE id = $2::uuid) "
              "WHERE id = $1::uuid",
              storage::SqlParams().add(previousId).add(id));
    return id;
}

std::string DecisionFixtures::insertAlternative(const std::string& decisionId, const std::string& orgId,
                                                const std::string& label,
                                                const std::optional<std::string>& rejectionReason)
{
    return _sql
        .exec("INSERT INTO alternatives (decision_id, org_id, label, rejection_reason) "
              "VALUES ($1::uuid, $2::uuid, $3, $4) RETURNING id",
              storage::SqlParams().add(decisionId).add(orgId).add(label).add(rejectionReason))
        .text(0, "id");
}

std::string DecisionFixtures::insertEvidence(const std::string& decisionId, const std::string& orgId,
                                             const std::string& sourceType, const std::string& content,
                                             const std::optional<std::string>& sourceUri)
{
    return _sql
        .exec("INSERT INTO evidence (decision_id, org_id, source_type, content, source_uri, relevance_score) "
              "VALUES ($1::uuid, $2::uuid, $3, $4, $5, 0.75) RETURNING id",
              storage::SqlParams().add(decisionId).add(orgId).add(sourceType).add(content).add(sourceUri))
        .text(0, "id");
}

std::string DecisionFixtures::insertConflict(const std::string& orgId, const std::string& decisionA,
                                             const std::string& decisionB, const std::string& decisionType,
                                             const std::string& status)
{
    return _sql
        .exec("INSERT INTO scored_conflicts (org_id, decision_a_id, decision_b_id, agent_a, agent_b, decision_type, "
              "significance, scoring_method, status) SELECT $1::uuid, a.id, b.id, a.agent_id, b.agent_id, $4, 0.5, "
              "'text', $5 FROM decisions a, decisions b WHERE a.id = $2::uuid AND b.id = $3::uuid RETURNING id",
              storage::SqlParams().add(orgId).add(decisionA).add(decisionB).add(decisionType).add(status))
        .text(0, "id");
}
} // namespace akashi::test
