#include "api/IdentityJson.h"

#include "json/JsonValues.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace akashi::api
{
using json::orderedObject;
using json::orNull;

Poco::JSON::Object::Ptr IdentityJson::agent(const storage::AgentRecord& agent)
{
    auto json = orderedObject();
    json->set("id", agent.id);
    json->set("agent_id", agent.agentId);
    json->set("org_id", agent.orgId);
    json->set("name", agent.name);
    json->set("role", agent.role);
    Poco::JSON::Array::Ptr tags = new Poco::JSON::Array;
    for (const auto& tag : agent.tags)
        tags->add(tag);
    json->set("tags", tags);
    json->set("metadata", Poco::JSON::Parser().parse(agent.metadata));
    json->set("created_at", agent.createdAt);
    json->set("updated_at", agent.updatedAt);
    if (agent.lastSeen)
        json->set("last_seen", *agent.lastSeen);
    return json;
}

Poco::JSON::Object::Ptr IdentityJson::grant(const storage::GrantRecord& grant)
{
    auto json = orderedObject();
    json->set("id", grant.id);
    json->set("org_id", grant.orgId);
    json->set("grantor_id", grant.grantorId);
    json->set("grantee_id", grant.granteeId);
    json->set("resource_type", grant.resourceType);
    json->set("resource_id", orNull(grant.resourceId));
    json->set("permission", grant.permission);
    json->set("granted_at", grant.grantedAt);
    json->set("expires_at", orNull(grant.expiresAt));
    return json;
}

Poco::JSON::Object::Ptr IdentityJson::deletionCounts(const storage::AgentDeletionCounts& counts)
{
    auto json = orderedObject();
    json->set("evidence", counts.evidence);
    json->set("alternatives", counts.alternatives);
    json->set("decisions", counts.decisions);
    json->set("events", counts.events);
    json->set("runs", counts.runs);
    json->set("grants", counts.grants);
    json->set("agents", counts.agents);
    return json;
}
} // namespace akashi::api
