#pragma once
#include "auth/Principal.h"
#include "storage/AgentRepository.h"
#include "storage/GrantRepository.h"

#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// Access grants: an agent shares its traces with another agent of its org (reference §2).
class GrantService
{
public:
    struct CreateRequest
    {
        std::string granteeAgentId;
        std::string resourceType;
        std::optional<std::string> resourceId; ///< the agent_id whose traces are shared; default: the caller
        std::string permission;
        std::optional<std::string> expiresAt;  ///< RFC 3339, in the future
    };

    GrantService(storage::GrantRepository& grants, storage::AgentRepository& agents) : _grants(grants), _agents(agents) {}

    /// agent+. Only `agent_traces` / `read`; non-admins grant only their own traces (403); the grantee
    /// and the resource's agent must exist in the org (404); 409 "grant already exists".
    storage::GrantRecord create(const auth::Principal& caller, const CreateRequest& request);

    /// agent+: the grantor or an admin may revoke; 404 when the org has no such grant.
    void remove(const auth::Principal& caller, const std::string& grantId);

    /// admin+.
    std::vector<storage::GrantRecord> list(const auth::Principal& caller, int limit, int offset, std::int64_t& total);

private:
    storage::GrantRepository& _grants;
    storage::AgentRepository& _agents;
};
} // namespace akashi::services
