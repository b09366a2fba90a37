#include "storage/DecisionWriter.h"

#include "common/Exception.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>
#include <sstream>

namespace akashi::storage
{
namespace
{
const std::string kInsertSql = R"SQL(
WITH run AS (
    INSERT INTO agent_runs (org_id, agent_id, trace_id, status, started_at, completed_at)
    VALUES ($1::uuid, $2, $3, 'completed', $4::timestamptz, $4::timestamptz)
    RETURNING id
), decision AS (
    INSERT INTO decisions (id, run_id, agent_id, org_id, decision_type, outcome, confidence, reasoning, metadata,
                           precedent_ref, precedent_reason, supersedes_id, content_hash, valid_from,
                           transaction_time, session_id, agent_context, tool, model)
    SELECT $5::uuid, run.id, $2, $1::uuid, $6, $7, $8::real, $9, $10::jsonb, $11::uuid, $12, $13::uuid, $14,
           $4::timestamptz, $4::timestamptz, $15::uuid, $16::jsonb, $17, $18
    FROM run
    RETURNING id, run_id, agent_id, org_id, outcome
), alternative_rows AS (
    INSERT INTO alternatives (decision_id, org_id, label, rejection_reason, metadata)
    SELECT decision.id, decision.org_id, a.label, a.rejection_reason, coalesce(a.metadata::jsonb, '{}'::jsonb)
    FROM decision, jsonb_to_recordset($19::jsonb) AS a(label text, rejection_reason text, metadata text)
    RETURNING 1
), evidence_rows AS (
    INSERT INTO evidence (decision_id, org_id, source_type, source_uri, content, relevance_score, metadata)
    SELECT decision.id, decision.org_id, e.source_type, e.source_uri, e.content, e.relevance_score,
           coalesce(e.metadata::jsonb, '{}'::jsonb)
    FROM decision, jsonb_to_recordset($20::jsonb)
         AS e(source_type text, source_uri text, content text, relevance_score real, metadata text)
    RETURNING 1
), upserted AS (
    INSERT INTO search_outbox (decision_id, org_id, operation)
    SELECT id, org_id, 'upsert' FROM decision
    ON CONFLICT (decision_id, operation) DO UPDATE SET attempts = 0, last_error = NULL, locked_until = NULL
    RETURNING 1
), closed AS (
    UPDATE decisions SET valid_to = $4::timestamptz
    WHERE $13::uuid IS NOT NULL AND id = $13::uuid AND org_id = $1::uuid AND valid_to IS NULL
    RETURNING id, org_id
), removed AS (
    INSERT INTO search_outbox (decision_id, org_id, operation)
    SELECT id, org_id, 'delete' FROM closed
    ON CONFLICT (decision_id, operation) DO UPDATE SET attempts = 0, last_error = NULL, locked_until = NULL
    RETURNING 1
)
SELECT decision.run_id::text AS run_id,
       (SELECT count(*) FROM alternative_rows) AS alternatives,
       (SELECT count(*) FROM evidence_rows) AS evidence,
       (SELECT count(*) FROM upserted) + (SELECT count(*) FROM removed) AS outbox,
       (SELECT count(*) FROM closed) AS closed
FROM decision
)SQL";

std::string text(const Poco::JSON::Array& array)
{
    std::ostringstream out;
    array.stringify(out);
    return out.str();
}

Poco::Dynamic::Var orNull(const std::optional<std::string>& value)
{
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

std::string alternativesJson(const std::vector<services::TraceAlternative>& alternatives)
{
    Poco::JSON::Array array;
    for (const auto& alternative : alternatives)
    {
        Poco::JSON::Object row;
        row.set("label", alternative.label);
        row.set("rejection_reason", orNull(alternative.rejectionReason));
        row.set("metadata", alternative.metadata); // JSON text, cast to jsonb in SQL
        array.add(row);
    }
    return text(array);
}

std::string evidenceJson(const std::vector<services::TraceEvidence>& evidence)
{
    Poco::JSON::Array array;
    for (const auto& item : evidence)
    {
        Poco::JSON::Object row;
        row.set("source_type", item.sourceType);
        row.set("source_uri", orNull(item.sourceUri));
        row.set("content", item.content);
        if (item.relevanceScore)
            row.set("relevance_score", static_cast<double>(*item.relevanceScore));
        else
            row.set("relevance_score", Poco::Dynamic::Var());
        row.set("metadata", item.metadata);
        array.add(row);
    }
    return text(array);
}

/// `%.9g` round-trips every float32 exactly, so the stored `real` is the value that was hashed.
std::string floatText(float value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(value));
    return buffer;
}
} // namespace

bool DecisionWriter::agentExists(PgConnection& connection, const std::string& orgId, const std::string& agentId)
{
    return connection.exec("SELECT 1 FROM agents WHERE org_id = $1::uuid AND agent_id = $2",
                           SqlParams().add(orgId).add(agentId))
               .rows() > 0;
}

void DecisionWriter::registerAgent(PgConnection& connection, const std::string& orgId, const std::string& agentId)
{
    connection.exec("INSERT INTO agents (org_id, agent_id, name, role) VALUES ($1::uuid, $2, $2, 'agent') "
                    "ON CONFLICT (org_id, agent_id) DO NOTHING",
                    SqlParams().add(orgId).add(agentId));
}

bool DecisionWriter::decisionExists(PgConnection& connection, const std::string& orgId, const std::string& decisionId)
{
    return connection.exec("SELECT 1 FROM decisions WHERE org_id = $1::uuid AND id = $2::uuid",
                           SqlParams().add(orgId).add(decisionId))
               .rows() > 0;
}

std::optional<DecisionWriter::LockedDecision> DecisionWriter::lockForRevision(PgConnection& connection,
                                                                              const std::string& orgId,
                                                                              const std::string& decisionId)
{
    const auto result = connection.exec("SELECT valid_to IS NULL AS current, valid_from FROM decisions "
                                        "WHERE org_id = $1::uuid AND id = $2::uuid FOR UPDATE",
                                        SqlParams().add(orgId).add(decisionId));
    if (result.rows() == 0)
        return std::nullopt;
    return LockedDecision{result.boolean(0, "current"), Timestamp::fromPostgres(result.text(0, "valid_from"))};
}

DecisionWriter::Written DecisionWriter::insert(PgConnection& connection, const NewDecision& decision)
{
    SqlParams params;
    params.add(decision.orgId)
        .add(decision.agentId)
        .add(decision.traceId)
        .add(Timestamp::toSqlParameter(decision.validFrom))
        .add(decision.id)
        .add(decision.decisionType)
        .add(decision.outcome)
        .add(floatText(decision.confidence))
        .add(decision.reasoning)
        .add(decision.metadata)
        .add(decision.precedentRef)
        .add(decision.precedentReason)
        .add(decision.supersedesId)
        .add(decision.contentHash)
        .add(decision.sessionId)
        .add(decision.agentContext)
        .add(decision.tool)
        .add(decision.model)
        .add(alternativesJson(decision.alternatives))
        .add(evidenceJson(decision.evidence));
    const auto result = connection.exec(kInsertSql, params);
    if (decision.supersedesId && result.int64(0, "closed") != 1)
        throw Exception(ErrorCode::internal, "superseded decision was not closed",
                        "decision " + *decision.supersedesId + " must be locked and current before the insert");
    Written written;
    written.runId = result.text(0, "run_id");
    written.alternatives = result.int64(0, "alternatives");
    written.evidence = result.int64(0, "evidence");
    return written;
}
} // namespace akashi::storage
