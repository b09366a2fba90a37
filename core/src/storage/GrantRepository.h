#pragma once
#include "storage/Database.h"
#include "storage/GrantRecord.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace akashi::storage
{
/// The `access_grants` aggregate, and the visibility query built on it. Every query is scoped by org.
class GrantRepository
{
public:
    explicit GrantRepository(Database& database) : _database(database) {}

    /// Throws akashi::Exception(conflict, "grant already exists") for a duplicate.
    GrantRecord insert(const NewGrant& grant);
    std::optional<GrantRecord> findById(const std::string& orgId, const std::string& id);
    /// Whether a row was removed.
    bool remove(const std::string& orgId, const std::string& id);
    std::vector<GrantRecord> list(const std::string& orgId, int limit, int offset);
    std::int64_t count(const std::string& orgId);

    /// The agent_ids a non-admin caller may read: itself, agents sharing one of its tags, and agents
    /// whose traces were granted to it (agent_traces/read, unexpired).
    std::set<std::string> readableAgentIds(const std::string& orgId, const std::string& callerUuid,
                                           const std::vector<std::string>& callerTags);

private:
    Database& _database;
};
} // namespace akashi::storage
