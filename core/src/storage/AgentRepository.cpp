#include "storage/AgentRepository.h"

#include "common/Exception.h"
#include "common/Timestamp.h"
#include "storage/DatabaseError.h"

namespace akashi::storage
{
namespace
{
const std::string kColumns = "id, org_id, agent_id, name, role, api_key_hash, tags, metadata::text AS metadata, "
                             "created_at, updated_at, last_seen";

AgentRecord toRecord(const PgResult& result, int row)
{
    AgentRecord agent;
    agent.id = result.text(row, "id");
    agent.orgId = result.text(row, "org_id");
    agent.agentId = result.text(row, "agent_id");
    agent.name = result.text(row, "name");
    agent.role = result.text(row, "role");
    agent.apiKeyHash = result.optionalText(row, "api_key_hash");
    agent.tags = result.textArray(row, "tags");
    agent.metadata = result.text(row, "metadata");
    agent.createdAt = Timestamp::postgresToRfc3339(result.text(row, "created_at"));
    agent.updatedAt = Timestamp::postgresToRfc3339(result.text(row, "updated_at"));
    if (auto seen = result.optionalText(row, "last_seen"))
        agent.lastSeen = Timestamp::postgresToRfc3339(*seen);
    return agent;
}

std::vector<AgentRecord> toRecords(const PgResult& result)
{
    std::vector<AgentRecord> agents;
    for (int row = 0; row < result.rows(); ++row)
        agents.push_back(toRecord(result, row));
    return agents;
}

std::optional<AgentRecord> first(const PgResult& result)
{
    return result.rows() > 0 ? std::optional<AgentRecord>(toRecord(result, 0)) : std::nullopt;
}

SqlParams newAgentParams(const NewAgent& agent)
{
    SqlParams params;
    params.add(agent.orgId).add(agent.agentId).add(agent.name).add(agent.role).add(agent.apiKeyHash)
        .addTextArray(agent.tags).add(agent.metadata);
    return params;
}
} // namespace

std::optional<AgentRecord> AgentRepository::findByAgentId(const std::string& orgId, const std::string& agentId)
{
    auto connection = _database.connection();
    return first(connection->exec("SELECT " + kColumns + " FROM agents WHERE org_id = $1 AND agent_id = $2",
                                  SqlParams().add(orgId).add(agentId)));
}

std::optional<AgentRecord> AgentRepository::findById(const std::string& orgId, const std::string& id)
{
    auto connection = _database.connection();
    return first(connection->exec("SELECT " + kColumns + " FROM agents WHERE org_id = $1 AND id = $2::uuid",
                                  SqlParams().add(orgId).add(id)));
}

std::vector<AgentRecord> AgentRepository::findCredentialCandidates(const std::string& agentId,
                                                                   const std::optional<std::string>& orgId)
{
    auto connection = _database.connection();
    return toRecords(connection->exec("SELECT " + kColumns + " FROM agents WHERE agent_id = $1 "
                                      "AND ($2::uuid IS NULL OR org_id = $2::uuid) ORDER BY created_at, id LIMIT 16",
                                      SqlParams().add(agentId).add(orgId)));
}

AgentRecord AgentRepository::insert(const NewAgent& agent)
{
    auto connection = _database.connection();
    try
    {
        return toRecord(connection->exec("INSERT INTO agents (org_id, agent_id, name, role, api_key_hash, tags, metadata) "
                                         "VALUES ($1::uuid, $2, $3, $4, $5, $6::text[], $7::jsonb) RETURNING " + kColumns,
                                         newAgentParams(agent)),
                        0);
    }
    catch (const DatabaseError& e)
    {
        if (e.isUniqueViolation())
            throw Exception(ErrorCode::conflict, "agent_id already exists");
        throw;
    }
}

bool AgentRepository::insertIfNoAgents(const NewAgent& agent)
{
    auto connection = _database.connection();
    auto result = connection->exec("INSERT INTO agents (org_id, agent_id, name, role, api_key_hash, tags, metadata) "
                                   "SELECT $1::uuid, $2, $3, $4, $5, $6::text[], $7::jsonb "
                                   "WHERE NOT EXISTS (SELECT 1 FROM agents) ON CONFLICT DO NOTHING",
                                   newAgentParams(agent));
    return result.affectedRows() == 1;
}

bool AgentRepository::anyExist()
{
    auto connection = _database.connection();
    return connection->exec("SELECT EXISTS (SELECT 1 FROM agents) AS any").boolean(0, "any");
}

std::vector<AgentRecord> AgentRepository::list(const std::string& orgId, int limit, int offset)
{
    auto connection = _database.connection();
    return toRecords(connection->exec("SELECT " + kColumns + " FROM agents WHERE org_id = $1 "
                                      "ORDER BY created_at, agent_id LIMIT $2 OFFSET $3",
                                      SqlParams().add(orgId).add(limit).add(offset)));
}

std::int64_t AgentRepository::count(const std::string& orgId)
{
    auto connection = _database.connection();
    return connection->exec("SELECT count(*) AS n FROM agents WHERE org_id = $1", SqlParams().add(orgId)).int64(0, "n");
}

std::optional<AgentRecord> AgentRepository::replaceTags(const std::string& orgId, const std::string& agentId,
                                                        const std::vector<std::string>& tags)
{
    auto connection = _database.connection();
    return first(connection->exec("UPDATE agents SET tags = $3::text[], updated_at = now() "
                                  "WHERE org_id = $1 AND agent_id = $2 RETURNING " + kColumns,
                                  SqlParams().add(orgId).add(agentId).addTextArray(tags)));
}
} // namespace akashi::storage

namespace akashi::storage
{
namespace
{
/// Rows an agent delete removes, per table: the condition uses $1 = org_id, $2 = agent_id,
/// $3 = agents.id (each condition mentions all three, so one parameter list serves every table:
/// PostgreSQL refuses a parameter a statement never uses). Columns too large or too secret for the
/// audit copy are dropped from it.
struct DeletedTable
{
    const char* table;
    const char* condition;
    const char* omitColumns;
};

constexpr const char* kOwnDecisions = "(SELECT id FROM decisions WHERE org_id = $1 AND agent_id = $2)";

const DeletedTable kArchivedTables[] = {
    {"evidence", "decision_id IN (SELECT id FROM decisions WHERE org_id = $1 AND agent_id = $2) AND $3::uuid IS NOT NULL",
     " - 'embedding'"},
    {"alternatives", "decision_id IN (SELECT id FROM decisions WHERE org_id = $1 AND agent_id = $2) AND $3::uuid IS NOT NULL",
     ""},
    {"decisions", "org_id = $1 AND agent_id = $2 AND $3::uuid IS NOT NULL",
     " - 'embedding' - 'outcome_embedding' - 'search_vector'"},
    {"agent_runs", "org_id = $1 AND agent_id = $2 AND $3::uuid IS NOT NULL", ""},
    {"access_grants",
     "org_id = $1 AND (grantor_id = $3 OR grantee_id = $3 OR (resource_type = 'agent_traces' AND resource_id = $2))", ""},
    {"agents", "org_id = $1 AND id = $3 AND agent_id = $2", " - 'api_key_hash'"},
};

std::int64_t archiveAndDelete(PgConnection& c, const DeletedTable& t, const std::string& orgId,
                              const std::string& agentId, const std::string& agentUuid, const std::string& deletedBy)
{
    const std::string table = t.table;
    c.exec("INSERT INTO deletion_audit_log (org_id, operation, table_name, record_id, record_data, deleted_by) "
           "SELECT $1::uuid, 'delete_agent', '" + table + "', t.id::text, to_jsonb(t)" + t.omitColumns + ", $4 FROM " +
               table + " t WHERE " + t.condition,
           SqlParams().add(orgId).add(agentId).add(agentUuid).add(deletedBy));
    return c.exec("DELETE FROM " + table + " WHERE " + t.condition, SqlParams().add(orgId).add(agentId).add(agentUuid))
        .affectedRows();
}
} // namespace

std::optional<AgentDeletionCounts> AgentRepository::deleteWithAudit(const std::string& orgId, const std::string& agentId,
                                                                    const std::string& deletedBy)
{
    std::optional<AgentDeletionCounts> counts;
    _database.transaction([&](PgConnection& c) {
        counts.reset();
        auto agent = c.exec("SELECT id FROM agents WHERE org_id = $1 AND agent_id = $2 FOR UPDATE",
                            SqlParams().add(orgId).add(agentId));
        if (agent.rows() == 0)
            return;
        const std::string agentUuid = agent.text(0, "id");
        const auto orgAgent = SqlParams().add(orgId).add(agentId);
        // Other agents' decisions keep their rows; only their links into the removed ones go.
        c.exec(std::string("UPDATE decisions SET supersedes_id = NULL WHERE org_id = $1 AND agent_id <> $2 "
                           "AND supersedes_id IN ") + kOwnDecisions,
               orgAgent);
        c.exec(std::string("UPDATE decisions SET precedent_ref = NULL WHERE org_id = $1 AND agent_id <> $2 "
                           "AND precedent_ref IN ") + kOwnDecisions,
               orgAgent);
        c.exec(std::string("UPDATE agent_runs SET parent_run_id = NULL WHERE org_id = $1 AND agent_id <> $2 "
                           "AND parent_run_id IN (SELECT id FROM agent_runs WHERE org_id = $1 AND agent_id = $2)"),
               orgAgent);
        // The search index must forget the removed decisions: replace pending upserts with deletes.
        c.exec(std::string("DELETE FROM search_outbox WHERE operation = 'upsert' AND decision_id IN ") + kOwnDecisions,
               orgAgent);
        c.exec(std::string("INSERT INTO search_outbox (decision_id, org_id, operation) SELECT id, org_id, 'delete' "
                           "FROM decisions WHERE org_id = $1 AND agent_id = $2 ON CONFLICT DO NOTHING"),
               orgAgent);
        AgentDeletionCounts result;
        // Events are not copied to the audit log (an agent may have millions); the count is recorded.
        result.events = c.exec("DELETE FROM agent_events WHERE org_id = $1 AND agent_id = $2", orgAgent).affectedRows();
        c.exec("DELETE FROM idempotency_keys WHERE org_id = $1 AND agent_id = $2", orgAgent);
        // SSE replay must not hand out what was removed (outcomes of its decisions, its conflicts).
        c.exec("DELETE FROM stream_events WHERE org_id = $1::uuid AND $2 IN (payload::json->>'agent_id', "
               "payload::json->>'agent_a', payload::json->>'agent_b')",
               orgAgent);
        std::int64_t* targets[] = {&result.evidence, &result.alternatives, &result.decisions,
                                   &result.runs,     &result.grants,       &result.agents};
        for (std::size_t i = 0; i < std::size(kArchivedTables); ++i)
            *targets[i] = archiveAndDelete(c, kArchivedTables[i], orgId, agentId, agentUuid, deletedBy);
        c.exec("INSERT INTO deletion_audit_log (org_id, operation, table_name, record_id, record_data, deleted_by) "
               "VALUES ($1::uuid, 'delete_agent', 'agent_events', $2, jsonb_build_object('deleted_events', $3::bigint), $4)",
               SqlParams().add(orgId).add(agentId).add(result.events).add(deletedBy));
        counts = result;
    });
    return counts;
}
} // namespace akashi::storage
