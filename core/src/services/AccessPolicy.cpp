#include "services/AccessPolicy.h"

#include "common/Exception.h"

namespace akashi::services
{
namespace
{
[[noreturn]] void deny()
{
    throw Exception(ErrorCode::forbidden, "insufficient permissions");
}
} // namespace

void AccessPolicy::requireRole(const auth::Principal& caller, auth::Role minimum)
{
    if (!auth::hasRole(caller.role, minimum))
        deny();
}

AccessPolicy::Visibility AccessPolicy::visibility(const auth::Principal& caller)
{
    Visibility result;
    if (isAdmin(caller))
    {
        result.everything = true;
        return result;
    }
    result.agentIds = _grants.readableAgentIds(caller.orgId, caller.agentUuid, caller.tags);
    result.agentIds.insert(caller.agentId);
    return result;
}

void AccessPolicy::requireVisible(const auth::Principal& caller, const std::string& agentId)
{
    if (!visibility(caller).allows(agentId))
        deny();
}

void AccessPolicy::requireSelfOrAdmin(const auth::Principal& caller, const std::string& agentId)
{
    if (!isAdmin(caller) && agentId != caller.agentId)
        deny();
}
storage::DecisionScope AccessPolicy::decisionScope(const auth::Principal& caller)
{
    const auto visible = visibility(caller);
    storage::DecisionScope scope;
    scope.orgId = caller.orgId;
    scope.everyAgent = visible.everything;
    scope.agentIds.assign(visible.agentIds.begin(), visible.agentIds.end());
    return scope;
}
} // namespace akashi::services
