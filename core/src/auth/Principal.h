#pragma once
#include "auth/Role.h"

#include <optional>
#include <string>
#include <vector>

namespace akashi::auth
{
/// Who a request acts for, established by the Authenticator from a JWT or an API key and re-read from
/// the agents table on every request (so a deleted agent or a changed role takes effect at once).
struct Principal
{
    std::string agentUuid; ///< agents.id (the JWT `sub`)
    std::string agentId;   ///< agents.agent_id
    std::string orgId;
    Role role = Role::reader;
    std::vector<std::string> tags;
    std::optional<std::string> apiKeyId;
};
} // namespace akashi::auth
