#pragma once
#include <string_view>

namespace akashi::http
{
/// Which rate-limit budget a matched route draws on (docs/rate-limiting.md). `auth` is keyed by client IP
/// (its callers are not authenticated yet); `ingest`, `query` and `search` by org + agent, on top of the
/// global per-agent bucket; `general` routes are authenticated but have no class of their own, so only
/// the global bucket applies; `unlimited` routes (health, readiness, metrics, /mcp/info) are never
/// limited.
enum class RateLimitClass
{
    unlimited,
    auth,
    ingest,
    query,
    search,
    general
};

/// The class of the route `routeTemplate` (as registered, e.g. "/v1/runs/{run_id}/events") for `method`.
/// Decided by rules, not a list, so a new route falls into a class without an edit here:
///   /auth/*                                         → auth
///   POST /v1/trace, /v1/runs, /v1/runs/{run_id}/events, /v1/runs/{run_id}/complete → ingest
///   POST /v1/search                                 → search
///   POST /v1/query, /v1/query/temporal, /v1/check; every GET under /v1 (reads, /v1/subscribe); /mcp → query
///   any other /v1 route (admin writes: agents, grants, conflicts, assessments) → general
///   anything else (/health, /readyz, /metrics, /mcp/info)                       → unlimited
RateLimitClass classifyRoute(std::string_view method, std::string_view routeTemplate) noexcept;

/// "auth", "ingest", "query", "search", "general" or "unlimited": the key prefix and the log field.
std::string_view rateLimitClassName(RateLimitClass limitClass) noexcept;
} // namespace akashi::http
