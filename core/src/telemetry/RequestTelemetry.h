#pragma once
#include "telemetry/FinishedRequest.h"
#include "telemetry/MetricsRegistry.h"
#include "telemetry/RequestTrace.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace akashi::telemetry
{
class SpanQueue;

/// The per-request half of telemetry, called by the HTTP dispatcher: `begin` reads the caller's
/// `traceparent` and opens our span, `finish` records the HTTP metrics (always) and queues the span
/// (only when tracing is on and the trace is sampled).
///
/// Metrics (runbook §2): `http.server.request_count` (counter, 1) and `http.server.duration` (histogram,
/// ms), both with http.method, http.route (absent when no route matched), http.status_code and
/// akashi.agent_id (when authenticated). Only bounded values become attributes: the route template,
/// never the path, and methods outside RFC 9110's set as `_OTHER` (OTel HTTP semantic conventions).
/// The span is named "{method} {route}" ("{method} unmatched" without a route) and carries http.method,
/// http.route, http.url (path only), http.request_id, http.status_code, akashi.agent_id, akashi.role and
/// the handler's attributes; it is an error when the status is 5xx.
/// Thread-safe: immutable besides the registry and queue, which are.
class RequestTelemetry
{
public:
    /// `spans` null = tracing off (no exporter takes spans): no trace ids, no `traceparent` answered.
    RequestTelemetry(MetricsRegistry& registry, std::shared_ptr<SpanQueue> spans);

    /// nullopt when tracing is off. An invalid or absent header starts a new trace.
    std::optional<RequestTrace> begin(std::string_view traceparentHeader) const;

    void finish(const std::optional<RequestTrace>& trace, const FinishedRequest& request) const;

    bool tracing() const noexcept { return _spans != nullptr; }

    /// `method` when RFC 9110 or RFC 5789 defines it, else "_OTHER".
    static std::string_view boundedMethod(std::string_view method) noexcept;
    /// "{method} {route}", or "{method} unmatched".
    static std::string spanName(std::string_view method, const std::string& route);

private:
    MetricsRegistry& _registry;
    std::shared_ptr<SpanQueue> _spans;
};
} // namespace akashi::telemetry
