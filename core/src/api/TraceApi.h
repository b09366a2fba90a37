#pragma once
#include "http/RouteHandler.h"
#include "services/IdempotencyService.h"
#include "services/TraceService.h"

namespace akashi::api
{
/// `POST /v1/trace` (agent and above): decode (TraceRequestDecoder) → TraceService::record → 201.
/// Idempotent with `Idempotency-Key` / `X-Idempotency-Key` (IdempotentWrite).
class TraceApi
{
public:
    TraceApi(services::TraceService& trace, services::IdempotencyService& idempotency)
        : _trace(trace), _idempotency(idempotency)
    {
    }

    /// → 201 `{run_id, decision_id, event_count, warnings: [], visibility_token}`; 400 for an invalid
    /// body or header, 403, 413 for a body above AKASHI_MAX_REQUEST_BODY_BYTES.
    void trace(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

private:
    services::TraceService& _trace;
    services::IdempotencyService& _idempotency;
};
} // namespace akashi::api
