#include "api/Routes.h"

#include "api/AgentsApi.h"
#include "api/AuthApi.h"
#include "api/GrantsApi.h"
#include "api/HealthHandler.h"
#include "http/FunctionHandler.h"
#include "http/Router.h"

#include <memory>

namespace akashi::api
{
void registerRoutes(http::Router& router, const ApiServices& services)
{
    using http::FunctionHandler;
    router.add("GET", "/health", std::make_shared<HealthHandler>(services.pingDatabase, services.startedAt));
    if (!services.auth) // a routing-only table (tests of the HTTP layer)
        return;

    auto auth = std::make_shared<AuthApi>(*services.auth);
    router.add("POST", "/auth/token", FunctionHandler::bind(auth, &AuthApi::token));
    router.add("POST", "/auth/refresh", FunctionHandler::bind(auth, &AuthApi::token));

    auto agents = std::make_shared<AgentsApi>(*services.agents);
    router.add("POST", "/v1/agents", FunctionHandler::bind(agents, &AgentsApi::create));
    router.add("GET", "/v1/agents", FunctionHandler::bind(agents, &AgentsApi::list));
    router.add("GET", "/v1/agents/{agent_id}", FunctionHandler::bind(agents, &AgentsApi::get));
    router.add("DELETE", "/v1/agents/{agent_id}", FunctionHandler::bind(agents, &AgentsApi::remove));
    router.add("PATCH", "/v1/agents/{agent_id}/tags", FunctionHandler::bind(agents, &AgentsApi::replaceTags));

    auto grants = std::make_shared<GrantsApi>(*services.grants);
    router.add("POST", "/v1/grants", FunctionHandler::bind(grants, &GrantsApi::create));
    router.add("GET", "/v1/grants", FunctionHandler::bind(grants, &GrantsApi::list));
    router.add("DELETE", "/v1/grants/{id}", FunctionHandler::bind(grants, &GrantsApi::remove));
}
} // namespace akashi::api
