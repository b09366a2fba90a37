#include "services/GrantService.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "common/Timestamp.h"
#include "services/AccessPolicy.h"
#include "services/AgentService.h"

namespace akashi::services
{
namespace
{
[[noreturn]] void invalid(const std::string& message)
{
    throw Exception(ErrorCode::invalidInput, message);
}
} // namespace

storage::GrantRecord GrantService::create(const auth::Principal& caller, const CreateRequest& request)
{
    AccessPolicy::requireRole(caller, auth::Role::agent);
    AgentService::validateAgentId("grantee_agent_id", request.granteeAgentId);
    if (request.resourceType != "agent_traces")
        invalid("invalid request body: field \"resource_type\" must be \"agent_traces\"");
    if (request.permission != "read")
        invalid("invalid request body: field \"permission\" must be \"read\"");
    const std::string resourceId = request.resourceId.value_or(caller.agentId);
    AgentService::validateAgentId("resource_id", resourceId);
    std::optional<std::string> expiresAt;
    if (request.expiresAt)
    {
        const auto parsed = Timestamp::parseRfc3339(*request.expiresAt);
        if (!parsed)
            invalid("invalid request body: field \"expires_at\" must be an RFC 3339 timestamp");
        if (*parsed <= Timestamp::now())
            invalid("invalid request body: field \"expires_at\" must be in the future");
        expiresAt = Timestamp::toSqlParameter(*parsed);
    }
    AccessPolicy::requireSelfOrAdmin(caller, resourceId);
    if (request.granteeAgentId == resourceId)
        invalid("an agent cannot be granted access to its own traces");
    const auto grantee = _agents.findByAgentId(caller.orgId, request.granteeAgentId);
    if (!grantee)
        throw Exception(ErrorCode::notFound, "grantee agent not found");
    if (resourceId != caller.agentId && !_agents.findByAgentId(caller.orgId, resourceId))
        throw Exception(ErrorCode::notFound, "agent not found");

    storage::NewGrant grant;
    grant.orgId = caller.orgId;
    grant.grantorId = caller.agentUuid;
    grant.granteeId = grantee->id;
    grant.resourceType = request.resourceType;
    grant.resourceId = resourceId;
    grant.permission = request.permission;
    grant.expiresAt = expiresAt;
    return _grants.insert(grant);
}

void GrantService::remove(const auth::Principal& caller, const std::string& grantId)
{
    AccessPolicy::requireRole(caller, auth::Role::agent);
    if (!auth::RandomId::isUuid(grantId))
        invalid("grant id must be a UUID");
    const auto grant = _grants.findById(caller.orgId, grantId);
    if (!grant)
        throw Exception(ErrorCode::notFound, "grant not found");
    if (grant->grantorId != caller.agentUuid && !AccessPolicy::isAdmin(caller))
        throw Exception(ErrorCode::forbidden, "insufficient permissions");
    if (!_grants.remove(caller.orgId, grantId))
        throw Exception(ErrorCode::notFound, "grant not found");
}

std::vector<storage::GrantRecord> GrantService::list(const auth::Principal& caller, int limit, int offset,
                                                     std::int64_t& total)
{
    AccessPolicy::requireRole(caller, auth::Role::admin);
    total = _grants.count(caller.orgId);
    return _grants.list(caller.orgId, limit, offset);
}
} // namespace akashi::services
