#include "storage/DecisionRows.h"

#include "common/Timestamp.h"

#include <map>

namespace akashi::storage
{
namespace
{
std::optional<std::string> optionalTime(const PgResult& result, int row, const std::string& column)
{
    const auto text = result.optionalText(row, column);
    return text ? std::optional<std::string>(Timestamp::postgresToRfc3339(*text)) : std::nullopt;
}

std::vector<std::string> idsOf(const std::vector<DecisionRecord>& decisions)
{
    std::vector<std::string> ids;
    ids.reserve(decisions.size());
    for (const auto& decision : decisions)
        ids.push_back(decision.id);
    return ids;
}

/// Runs `sql` ($1 org, $2 uuid[] of the page) and hands each row to `assign` with its decision.
template <typename Assign>
void loadChildren(PgConnection& connection, const std::string& orgId, std::vector<DecisionRecord>& decisions,
                  const std::string& sql, Assign assign)
{
    std::map<std::string, DecisionRecord*> byId;
    for (auto& decision : decisions)
        byId.emplace(decision.id, &decision);
    const auto ids = idsOf(decisions);
    const auto result = decisions.empty()
                            ? std::optional<PgResult>()
                            : std::optional<PgResult>(connection.exec(sql, SqlParams().add(orgId).addTextArray(ids)));
    for (auto& decision : decisions)
        assign(decision, nullptr, 0);
    if (!result)
        return;
    for (int row = 0; row < result->rows(); ++row)
    {
        auto it = byId.find(result->text(row, "decision_id"));
        if (it != byId.end())
            assign(*it->second, &*result, row);
    }
}
} // namespace

const std::string& DecisionRows::columns()
{
    static const std::string columns =
        "d.id, d.run_id, d.agent_id, d.org_id, d.decision_type, d.outcome, d.confidence, d.reasoning, d.metadata::text "
        "AS metadata, d.completeness_score, d.outcome_score, d.precedent_ref, d.precedent_reason, d.supersedes_id, "
        "d.content_hash, d.valid_from, d.valid_to, d.transaction_time, d.created_at, d.session_id, "
        "d.agent_context::text AS agent_context, d.tool, d.model, d.project, d.api_key_id, "
        "(SELECT count(*) FROM scored_conflicts c WHERE c.org_id = d.org_id AND c.status = 'open' "
        "AND (c.decision_a_id = d.id OR c.decision_b_id = d.id)) AS conflict_count, "
        "(SELECT count(*) FROM decisions p WHERE p.org_id = d.org_id AND p.precedent_ref = d.id) "
        "AS precedent_citation_count, "
        "(SELECT EXTRACT(EPOCH FROM (s.valid_from - d.valid_from)) / 3600 FROM decisions s "
        "WHERE s.org_id = d.org_id AND s.supersedes_id = d.id ORDER BY s.valid_from LIMIT 1) "
        "AS supersession_velocity_hours";
    return columns;
}

DecisionRecord DecisionRows::toRecord(const PgResult& result, int row)
{
    DecisionRecord decision;
    decision.id = result.text(row, "id");
    decision.runId = result.text(row, "run_id");
    decision.agentId = result.text(row, "agent_id");
    decision.orgId = result.text(row, "org_id");
    decision.decisionType = result.text(row, "decision_type");
    decision.outcome = result.text(row, "outcome");
    decision.confidence = result.real(row, "confidence");
    decision.reasoning = result.optionalText(row, "reasoning");
    decision.metadata = result.text(row, "metadata");
    decision.completenessScore = result.real(row, "completeness_score");
    decision.outcomeScore = result.optionalReal(row, "outcome_score");
    decision.precedentRef = result.optionalText(row, "precedent_ref");
    decision.precedentReason = result.optionalText(row, "precedent_reason");
    decision.supersedesId = result.optionalText(row, "supersedes_id");
    decision.contentHash = result.optionalText(row, "content_hash");
    decision.validFrom = Timestamp::postgresToRfc3339(result.text(row, "valid_from"));
    decision.validTo = optionalTime(result, row, "valid_to");
    decision.transactionTime = Timestamp::postgresToRfc3339(result.text(row, "transaction_time"));
    decision.createdAt = Timestamp::postgresToRfc3339(result.text(row, "created_at"));
    decision.sessionId = result.optionalText(row, "session_id");
    decision.agentContext = result.optionalText(row, "agent_context");
    decision.tool = result.optionalText(row, "tool");
    decision.model = result.optionalText(row, "model");
    decision.project = result.optionalText(row, "project");
    decision.apiKeyId = result.optionalText(row, "api_key_id");
    decision.conflictCount = result.int64(row, "conflict_count");
    decision.precedentCitationCount = result.int64(row, "precedent_citation_count");
    decision.supersessionVelocityHours = result.optionalReal(row, "supersession_velocity_hours");
    return decision;
}

std::vector<DecisionRecord> DecisionRows::toRecords(const PgResult& result)
{
    std::vector<DecisionRecord> decisions;
    decisions.reserve(static_cast<std::size_t>(result.rows()));
    for (int row = 0; row < result.rows(); ++row)
        decisions.push_back(toRecord(result, row));
    return decisions;
}

void DecisionRows::loadAlternatives(PgConnection& connection, const std::string& orgId,
                                    std::vector<DecisionRecord>& decisions)
{
    loadChildren(connection, orgId, decisions,
                 "SELECT id, decision_id, label, rejection_reason, metadata::text AS metadata, created_at "
                 "FROM alternatives WHERE org_id = $1::uuid AND decision_id = ANY($2::uuid[]) "
                 "ORDER BY created_at, id",
                 [](DecisionRecord& decision, const PgResult* result, int row) {
                     if (!result)
                     {
                         decision.alternatives.emplace();
                         return;
                     }
                     AlternativeRecord alternative;
                     alternative.id = result->text(row, "id");
                     alternative.decisionId = result->text(row, "decision_id");
                     alternative.label = result->text(row, "label");
                     alternative.rejectionReason = result->optionalText(row, "rejection_reason");
                     alternative.metadata = result->text(row, "metadata");
                     alternative.createdAt = Timestamp::postgresToRfc3339(result->text(row, "created_at"));
                     decision.alternatives->push_back(std::move(alternative));
                 });
}

void DecisionRows::loadEvidence(PgConnection& connection, const std::string& orgId, std::vector<DecisionRecord>& decisions)
{
    loadChildren(connection, orgId, decisions,
                 "SELECT id, decision_id, org_id, source_type, source_uri, content, relevance_score, "
                 "metrics::text AS metrics, metadata::text AS metadata, created_at "
                 "FROM evidence WHERE org_id = $1::uuid AND decision_id = ANY($2::uuid[]) ORDER BY created_at, id",
                 [](DecisionRecord& decision, const PgResult* result, int row) {
                     if (!result)
                     {
                         decision.evidence.emplace();
                         return;
                     }
                     EvidenceRecord evidence;
                     evidence.id = result->text(row, "id");
                     evidence.decisionId = result->text(row, "decision_id");
                     evidence.orgId = result->text(row, "org_id");
                     evidence.sourceType = result->text(row, "source_type");
                     evidence.sourceUri = result->optionalText(row, "source_uri");
                     evidence.content = result->text(row, "content");
                     evidence.relevanceScore = result->optionalReal(row, "relevance_score");
                     evidence.metrics = result->optionalText(row, "metrics");
                     evidence.metadata = result->text(row, "metadata");
                     evidence.createdAt = Timestamp::postgresToRfc3339(result->text(row, "created_at"));
                     decision.evidence->push_back(std::move(evidence));
                 });
}
} // namespace akashi::storage
