#include "storage/EmbeddingStore.h"

#include "storage/FloatArray.h"
#include "storage/SqlParams.h"

#include <map>

namespace akashi::storage
{
namespace
{
/// Any constant both sides agree on; "akashi" + 1 keeps it out of the way of other advisory locks.
constexpr std::int64_t kEmbeddingSequenceLock = 0x616b617368690001;

} // namespace

std::vector<EmbeddingSource> EmbeddingStore::load(PgConnection& connection, const std::vector<OutboxEntry>& entries)
{
    std::vector<std::pair<std::string, std::string>> keys;
    for (const auto& entry : entries)
        keys.emplace_back(entry.decisionId, entry.orgId);
    auto rows = connection.exec(
        "SELECT d.id::text AS id, d.org_id::text AS org_id, d.agent_id, d.decision_type, d.outcome, d.reasoning, "
        "d.confidence, extract(epoch FROM d.valid_from)::float8 AS valid_from_epoch, d.valid_to IS NULL AS current "
        "FROM decisions d JOIN unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(id, org_id, ord) "
        "ON d.id = k.id AND d.org_id = k.org_id ORDER BY k.ord",
        SqlParams().addTextArrayPair(keys));
    std::vector<EmbeddingSource> sources;
    std::map<std::string, std::size_t> byId;
    for (int i = 0; i < rows.rows(); ++i)
    {
        EmbeddingSource source;
        source.decisionId = rows.text(i, "id");
        source.orgId = rows.text(i, "org_id");
        source.agentId = rows.text(i, "agent_id");
        source.decisionType = rows.text(i, "decision_type");
        source.outcome = rows.text(i, "outcome");
        source.reasoning = rows.optionalText(i, "reasoning");
        source.confidence = rows.real(i, "confidence");
        source.validFromEpoch = rows.real(i, "valid_from_epoch");
        source.current = rows.boolean(i, "current");
        byId.emplace(source.decisionId, sources.size());
        sources.push_back(std::move(source));
    }
    if (sources.empty())
        return sources;
    auto evidence = connection.exec(
        "SELECT e.id::text AS id, e.decision_id::text AS decision_id, e.content FROM evidence e "
        "JOIN unnest($1::uuid[], $2::uuid[]) AS k(id, org_id) ON e.decision_id = k.id AND e.org_id = k.org_id "
        "ORDER BY e.decision_id, e.created_at, e.id",
        SqlParams().addTextArrayPair(keys));
    for (int i = 0; i < evidence.rows(); ++i)
    {
        auto it = byId.find(evidence.text(i, "decision_id"));
        if (it != byId.end())
            sources[it->second].evidence.push_back({evidence.text(i, "id"), evidence.text(i, "content")});
    }
    return sources;
}

void EmbeddingStore::lockSequence(PgConnection& connection)
{
    connection.exec("SELECT pg_advisory_xact_lock($1)", SqlParams().add(kEmbeddingSequenceLock));
}

std::vector<std::string> EmbeddingStore::store(PgConnection& connection, const std::string& model, int dimensions,
                                               const std::vector<ComputedEmbedding>& embeddings)
{
    std::vector<std::string> ids, orgs, vectors, outcomes, evidenceIds, evidenceOrgs, evidenceVectors;
    for (const auto& e : embeddings)
    {
        ids.push_back(e.decisionId);
        orgs.push_back(e.orgId);
        vectors.push_back(formatFloatArray(e.decision));
        outcomes.push_back(e.outcome.empty() ? std::string() : formatFloatArray(e.outcome));
    }
    auto stored = connection.exec(
        "UPDATE decisions d SET embedding = u.embedding::real[], outcome_embedding = NULLIF(u.outcome, '')::real[], "
        "embedding_model = $5, embedding_dimensions = $6, embedded_at = now(), "
        "embedding_seq = nextval('decision_embedding_seq') "
        "FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS u(id, org_id, embedding, outcome) "
        "WHERE d.id = u.id AND d.org_id = u.org_id AND d.valid_to IS NULL RETURNING d.id::text AS id",
        SqlParams().addTextArray(ids).addTextArray(orgs).addTextArray(vectors).addTextArray(outcomes).add(model).add(dimensions));
    std::vector<std::string> storedIds;
    for (int i = 0; i < stored.rows(); ++i)
        storedIds.push_back(stored.text(i, "id"));

    for (const auto& e : embeddings)
        for (const auto& item : e.evidence)
        {
            evidenceIds.push_back(item.id);
            evidenceOrgs.push_back(e.orgId);
            evidenceVectors.push_back(formatFloatArray(item.vector));
        }
    if (!evidenceIds.empty())
        connection.exec("UPDATE evidence e SET embedding = u.embedding::real[], embedding_model = $4 "
                        "FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS u(id, org_id, embedding) "
                        "WHERE e.id = u.id AND e.org_id = u.org_id",
                        SqlParams().addTextArray(evidenceIds).addTextArray(evidenceOrgs).addTextArray(evidenceVectors).add(model));
    return storedIds;
}

void EmbeddingStore::markRemoved(PgConnection& connection,
                                 const std::vector<std::pair<std::string, std::string>>& decisionOrgIds)
{
    if (decisionOrgIds.empty())
        return;
    connection.exec("UPDATE decisions d SET embedding_seq = nextval('decision_embedding_seq') "
                    "FROM unnest($1::uuid[], $2::uuid[]) AS k(id, org_id) "
                    "WHERE d.id = k.id AND d.org_id = k.org_id AND d.embedding_seq IS NOT NULL",
                    SqlParams().addTextArrayPair(decisionOrgIds));
}
} // namespace akashi::storage
