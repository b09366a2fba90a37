#pragma once
#include "storage/AgentRecord.h"
#include "storage/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// The `agents` aggregate. Every method but the two credential/bootstrap lookups is scoped by org.
class AgentRepository
{
public:
    explicit AgentRepository(Database& database) : _database(database) {}

    std::optional<AgentRecord> findByAgentId(const std::string& orgId, const std::string& agentId);
    std::optional<AgentRecord> findById(const std::string& orgId, const std::string& id);

    /// Agents named `agentId` in any org (or only `orgId` when given), for checking a credential before
    /// the org is known: the org is what authentication establishes. Oldest first.
    std::vector<AgentRecord> findCredentialCandidates(const std::string& agentId, const std::optional<std::string>& orgId);

    /// Throws akashi::Exception(conflict, "agent_id already exists") when the org has that agent_id.
    AgentRecord insert(const NewAgent& agent);

    /// Inserts `agent` only if no agent exists at all (first start); the org must exist. Returns whether
    /// it was inserted. Safe when several servers start at once.
    bool insertIfNoAgents(const NewAgent& agent);

    /// Whether any org has any agent (bootstrap only).
    bool anyExist();

    std::vector<AgentRecord> list(const std::string& orgId, int limit, int offset);
    std::int64_t count(const std::string& orgId);

    /// Replaces the tag set; nullopt when the agent does not exist in the org.
    std::optional<AgentRecord> replaceTags(const std::string& orgId, const std::string& agentId,
                                           const std::vector<std::string>& tags);

    /// Removes the agent and everything it recorded (runs, events, decisions with their alternatives
    /// and evidence, grants by or to it, idempotency keys) in one transaction, archiving each removed
    /// row except events in deletion_audit_log. Decisions of other agents that cite or supersede a
    /// removed decision keep their row with the link cleared. nullopt when the agent does not exist.
    std::optional<AgentDeletionCounts> deleteWithAudit(const std::string& orgId, const std::string& agentId,
                                                       const std::string& deletedBy);

private:
    Database& _database;
};
} // namespace akashi::storage
