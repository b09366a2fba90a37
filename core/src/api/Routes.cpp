#include "api/Routes.h"

#include "api/AgentsApi.h"
#include "api/AssessmentsApi.h"
#include "api/AuthApi.h"
#include "api/ConflictsApi.h"
#include "api/DecisionsApi.h"
#include "api/ExportApi.h"
#include "api/GrantsApi.h"
#include "api/HealthHandler.h"
#include "api/IntegrityApi.h"
#include "api/MetricsHandler.h"
#include "api/QueryApi.h"
#include "api/ReadinessHandler.h"
#include "api/SearchApi.h"
#include "api/SubscribeApi.h"
#include "api/TraceApi.h"
#include "api/VerifyApi.h"
#include "api/RunsApi.h"
#include "http/FunctionHandler.h"
#include "http/Router.h"
#include "mcp/McpTransportHandler.h"

#include <Poco/Logger.h>

#include <memory>

namespace akashi::api
{
void registerRoutes(http::Router& router, const ApiServices& services)
{
    using http::FunctionHandler;
    router.add("GET", "/health", std::make_shared<HealthHandler>(services.pingDatabase, services.startedAt,
                                                                 HealthHandler::Buffer{services.bufferDepth,
                                                                                       services.bufferCapacity},
                                                                 HealthHandler::Search{services.searchStatus},
                                                                 services.sseStatus));
    if (services.scrapeMetrics)
        router.add("GET", "/metrics", std::make_shared<MetricsHandler>(services.scrapeMetrics));
    if (services.readiness)
    {
        auto ready = std::make_shared<ReadinessHandler>(services.pingDatabase, *services.readiness);
        router.add("GET", "/ready", ready);
        router.add("GET", "/readyz", ready);
    }
    if (!services.auth) // a routing-only table (tests of the HTTP layer)
        return;

    auto auth = std::make_shared<AuthApi>(*services.auth);
    router.add("POST", "/auth/token", FunctionHandler::bind(auth, &AuthApi::token));
    router.add("POST", "/auth/refresh", FunctionHandler::bind(auth, &AuthApi::token));

    auto agents = std::make_shared<AgentsApi>(*services.agents, *services.writesVisible);
    router.add("POST", "/v1/agents", FunctionHandler::bind(agents, &AgentsApi::create));
    router.add("GET", "/v1/agents", FunctionHandler::bind(agents, &AgentsApi::list));
    router.add("GET", "/v1/agents/{agent_id}", FunctionHandler::bind(agents, &AgentsApi::get));
    router.add("DELETE", "/v1/agents/{agent_id}", FunctionHandler::bind(agents, &AgentsApi::remove));
    router.add("PATCH", "/v1/agents/{agent_id}/tags", FunctionHandler::bind(agents, &AgentsApi::replaceTags));

    auto grants = std::make_shared<GrantsApi>(*services.grants, *services.writesVisible);
    router.add("POST", "/v1/grants", FunctionHandler::bind(grants, &GrantsApi::create));
    router.add("GET", "/v1/grants", FunctionHandler::bind(grants, &GrantsApi::list));
    router.add("DELETE", "/v1/grants/{id}", FunctionHandler::bind(grants, &GrantsApi::remove));

    if (services.runs)
    {
        auto runs = std::make_shared<RunsApi>(*services.runs, *services.idempotency);
        router.add("POST", "/v1/runs", FunctionHandler::bind(runs, &RunsApi::create));
        router.add("GET", "/v1/runs/{run_id}", FunctionHandler::bind(runs, &RunsApi::get));
        router.add("POST", "/v1/runs/{run_id}/events", FunctionHandler::bind(runs, &RunsApi::appendEvents));
        router.add("POST", "/v1/runs/{run_id}/complete", FunctionHandler::bind(runs, &RunsApi::complete));
    }
    if (services.broker)
    {
        auto subscribe = std::make_shared<SubscribeApi>(*services.database, *services.access, *services.broker,
                                                        *services.feed, services.subscribe);
        router.add("GET", "/v1/subscribe", FunctionHandler::bind(subscribe, &SubscribeApi::subscribe));
    }
    auto trace = std::make_shared<TraceApi>(*services.trace, *services.idempotency);
    router.add("POST", "/v1/trace", FunctionHandler::bind(trace, &TraceApi::trace));
    auto verify = std::make_shared<VerifyApi>(*services.verification);
    router.add("GET", "/v1/verify/{id}", FunctionHandler::bind(verify, &VerifyApi::verify));
    if (services.proofs)
    {
        auto integrity = std::make_shared<IntegrityApi>(*services.proofs);
        router.add("GET", "/v1/integrity/proof/{id}", FunctionHandler::bind(integrity, &IntegrityApi::proof));
    }
    if (services.conflicts)
    {
        auto conflicts = std::make_shared<ConflictsApi>(*services.conflicts);
        router.add("GET", "/v1/conflicts", FunctionHandler::bind(conflicts, &ConflictsApi::list));
        router.add("GET", "/v1/conflicts/{id}", FunctionHandler::bind(conflicts, &ConflictsApi::get));
        router.add("PATCH", "/v1/conflicts/{id}", FunctionHandler::bind(conflicts, &ConflictsApi::patch));
        router.add("GET", "/v1/decisions/{id}/conflicts", FunctionHandler::bind(conflicts, &ConflictsApi::forDecision));
    }
    if (!services.query)
        return;
    auto queries = std::make_shared<QueryApi>(*services.query);
    router.add("POST", "/v1/query", FunctionHandler::bind(queries, &QueryApi::query));
    router.add("POST", "/v1/query/temporal", FunctionHandler::bind(queries, &QueryApi::temporal));
    router.add("POST", "/v1/check", FunctionHandler::bind(queries, &QueryApi::check));
    if (services.search)
    {
        auto search = std::make_shared<SearchApi>(*services.search);
        router.add("POST", "/v1/search", FunctionHandler::bind(search, &SearchApi::search));
    }
    auto decisions = std::make_shared<DecisionsApi>(*services.query, services.assessments);
    router.add("GET", "/v1/agents/{agent_id}/history", FunctionHandler::bind(decisions, &DecisionsApi::history));
    router.add("GET", "/v1/decisions/recent", FunctionHandler::bind(decisions, &DecisionsApi::recent));
    router.add("GET", "/v1/decisions/{id}", FunctionHandler::bind(decisions, &DecisionsApi::get));
    router.add("GET", "/v1/decisions/{id}/revisions", FunctionHandler::bind(decisions, &DecisionsApi::revisions));
    if (services.assessments)
    {
        auto assessments = std::make_shared<AssessmentsApi>(*services.assessments);
        router.add("POST", "/v1/decisions/{id}/assess", FunctionHandler::bind(assessments, &AssessmentsApi::assess));
        router.add("GET", "/v1/decisions/{id}/assessments", FunctionHandler::bind(assessments, &AssessmentsApi::list));
    }
    auto exports = std::make_shared<ExportApi>(*services.query);
    router.add("GET", "/v1/export/decisions", FunctionHandler::bind(exports, &ExportApi::exportDecisions));
    registerMcpRoutes(router, services);
}

void registerMcpRoutes(http::Router& router, const ApiServices& services)
{
    using http::FunctionHandler;
    if (!services.query || !services.search || !services.trace || !services.conflicts || !services.assessments ||
        !services.stats)
        return;
    mcp::McpServices tools{services.query, services.search, services.trace, services.conflicts, services.assessments,
                           services.stats};
    mcp::McpTransportHandler::Settings settings;
    settings.origins = mcp::McpOriginPolicy(services.corsAllowedOrigins,
                                            mcp::McpOriginPolicy::isLoopbackAddress(services.listenAddress));
    settings.broker = services.broker;
    settings.access = services.access;
    auto mcp = std::make_shared<mcp::McpTransportHandler>(tools, settings, Poco::Logger::get("mcp"));
    router.add("POST", "/mcp", FunctionHandler::bind(mcp, &mcp::McpTransportHandler::post));
    router.add("DELETE", "/mcp", FunctionHandler::bind(mcp, &mcp::McpTransportHandler::remove));
    router.add("GET", "/mcp", FunctionHandler::bind(mcp, &mcp::McpTransportHandler::openStream));
    router.add("GET", "/mcp/info", FunctionHandler::bind(mcp, &mcp::McpTransportHandler::info));
}
} // namespace akashi::api
