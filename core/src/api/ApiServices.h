#pragma once
#include "api/HealthHandler.h"
#include "api/SubscribeApi.h"
#include "telemetry/MetricsScrape.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace akashi::app
{
class Readiness;
}

namespace akashi::consistency
{
class Visibility;
class VisibilityGate;
} // namespace akashi::consistency

namespace akashi::services
{
class IdempotencyService;
class AgentService;
class AssessmentService;
class AuthService;
class ConflictService;
class DecisionStatsService;
class GrantService;
class QueryService;
class SearchService;
class TraceService;
class RunService;
class AccessPolicy;
} // namespace akashi::services

namespace akashi::integrity
{
class VerificationService;
class ProofService;
}

namespace akashi::api
{
/// What the route handlers need from the rest of the server, gathered by the HTTP subsystem. The
/// services outlive the HTTP server (their subsystem stops after it).
struct ApiServices
{
    std::function<bool()> pingDatabase;
    std::chrono::steady_clock::time_point startedAt;
    std::function<std::size_t()> bufferDepth; ///< events buffered, not yet committed (for /health)
    std::size_t bufferCapacity = 0;
    std::function<search::PipelineStatus()> searchStatus; ///< empty = no embedding pipeline
    /// GET /metrics (the scrape exporter's rendering); route skipped when empty (no scrape exporter: 404).
    std::function<telemetry::MetricsScrape()> scrapeMetrics;
    services::AuthService* auth = nullptr;
    services::AgentService* agents = nullptr;
    services::GrantService* grants = nullptr;
    services::IdempotencyService* idempotency = nullptr;
    const consistency::VisibilityGate* visibility = nullptr;
    consistency::Visibility* writesVisible = nullptr; ///< tokens and waits for agents and grants
    services::QueryService* query = nullptr; ///< decision reads; routes skipped when null
    services::SearchService* search = nullptr; ///< POST /v1/search; route skipped when null
    services::TraceService* trace = nullptr;
    integrity::VerificationService* verification = nullptr;
    integrity::ProofService* proofs = nullptr; ///< GET /v1/integrity/proof/{id}; route skipped when null
    services::RunService* runs = nullptr;
    services::ConflictService* conflicts = nullptr; ///< conflict routes skipped when null
    /// GET /v1/subscribe; skipped when the broker is null.
    storage::Database* database = nullptr;
    services::AccessPolicy* access = nullptr;
    stream::SseBroker* broker = nullptr;
    const stream::EventFeed* feed = nullptr;
    SubscribeApi::Settings subscribe;
    std::function<std::string()> sseStatus; ///< /health's sse_broker; empty = omitted
    services::AssessmentService* assessments = nullptr; ///< assessment routes skipped when null
    services::DecisionStatsService* stats = nullptr;     ///< MCP akashi_stats; /mcp skipped when null
    /// For /mcp's Origin check (AKASHI_CORS_ALLOWED_ORIGINS; loopback origins too when bound to loopback).
    std::vector<std::string> corsAllowedOrigins;
    std::string listenAddress;
    const app::Readiness* readiness = nullptr; ///< GET /ready, /readyz; skipped when null
};
} // namespace akashi::api
