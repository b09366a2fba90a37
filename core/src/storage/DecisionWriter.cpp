#include "storage/DecisionWriter.h"

#include "common/Exception.h"
#include "json/JsonValues.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>
#include <sstream>

namespace akashi::storage
{
using json::orNull;

namespace
{
/// migrations/0006_record_decision_function.sql: the whole write in one call whose plan PL/pgSQL caches
/// per connection.
const std::string kInsertSql =
    "SELECT o_run_id::text AS run_id, o_alternatives AS alternatives, o_evidence AS evidence, o_closed AS closed "
    "FROM akashi_record_decision($1::uuid, $2::text, $3::text, $4::timestamptz, $5::uuid, $6::text, $7::text, "
    "$8::real, $9::text, $10::jsonb, $11::uuid, $12::text, $13::uuid, $14::text, $15::uuid, $16::jsonb, $17::text, "
    "$18::text, $19::jsonb, $20::jsonb)";

std::string text(const Poco::JSON::Array& array)
{
    std::ostringstream out;
    array.stringify(out);
    return out.str();
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
