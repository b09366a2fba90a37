#include "api/Routes.h"

#include "api/HealthHandler.h"
#include "http/Router.h"

#include <memory>

namespace akashi::api
{
void registerRoutes(http::Router& router, const ApiServices& services)
{
    router.add("GET", "/health", std::make_shared<HealthHandler>(services.pingDatabase, services.startedAt));
}
} // namespace akashi::api
