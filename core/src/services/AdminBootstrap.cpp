#include "services/AdminBootstrap.h"

#include "auth/ApiKeyHasher.h"
#include "logging/Log.h"
#include "services/AgentService.h"

namespace akashi::services
{
bool AdminBootstrap::run(storage::AgentRepository& agents, const std::string& adminApiKey)
{
    auto& log = Poco::Logger::get("auth");
    if (adminApiKey.empty())
    {
        if (!agents.anyExist())
            logging::warn(log, "no agents exist and AKASHI_ADMIN_API_KEY is not set: nobody can authenticate",
                          {{"hint", "set AKASHI_ADMIN_API_KEY and restart to seed the admin agent"}});
        return false;
    }
    storage::NewAgent admin;
    admin.orgId = kDefaultOrgId;
    admin.agentId = AgentService::kBootstrapAgentId;
    admin.name = "System Admin";
    admin.role = "admin";
    admin.apiKeyHash = auth::ApiKeyHasher::hash(adminApiKey);
    if (!agents.insertIfNoAgents(admin))
        return false;
    logging::info(log, "seeded initial admin agent", {{"agent_id", admin.agentId}, {"org_id", admin.orgId}});
    return true;
}
} // namespace akashi::services
