#pragma once
#include "http/RouteHandler.h"
#include "services/IdempotencyService.h"
#include "services/RunService.h"

namespace akashi::api
{
/// `/v1/runs`: open, complete and read runs, append events. Each write handler decodes the body, calls
/// one RunService method and writes the response once; all three are idempotent with `Idempotency-Key` /
/// `X-Idempotency-Key` (IdempotentWrite).
class RunsApi
{
public:
    RunsApi(services::RunService& runs, services::IdempotencyService& idempotency)
        : _runs(runs), _idempotency(idempotency)
    {
    }

    /// POST /v1/runs `{agent_id*, trace_id?, parent_run_id?, metadata?}` → 201 AgentRun.
    void create(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// POST /v1/runs/{run_id}/complete `{status?, metadata?}` (empty body = completed) → 200 AgentRun.
    void complete(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/runs/{run_id}?min_visibility_token= → `{run, events, decisions, truncated?,
    /// truncated_events?, truncated_decisions?, total_decisions?}`.
    void get(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// POST /v1/runs/{run_id}/events `{events*: [{event_type*, occurred_at?, payload*}]}` → 200
    /// `{accepted, event_ids, status:"persisted"}` after the commit, or with `Prefer: respond-async`
    /// 202 `{accepted, event_ids, status:"buffered", message}` at once. 503 + `Retry-After` when the
    /// buffer is full or draining.
    void appendEvents(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    static constexpr std::size_t kMaxEventsPerRequest = 1000;
    static constexpr std::size_t kMaxMetadataBytes = 16 * 1024;

    /// Whether a `Prefer` header value asks for `respond-async` (RFC 7240; case-insensitive, parameters
    /// ignored).
    static bool prefersAsync(const std::string& prefer);

private:
    services::RunService& _runs;
    services::IdempotencyService& _idempotency;
};
} // namespace akashi::api
