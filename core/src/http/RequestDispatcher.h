#pragma once
#include "auth/Principal.h"
#include "http/RateLimitGate.h"
#include "http/Router.h"
#include "http/SecurityHeaders.h"
#include "telemetry/RequestTrace.h"

#include <Poco/Net/HTTPRequestHandler.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace Poco
{
class Logger;
}

namespace akashi::telemetry
{
class RequestTelemetry;
}

namespace akashi::http
{
class RequestContext;

/// What every dispatcher shares: the route table, header policy and limits. Immutable once the server
/// starts.
struct DispatchTable
{
    Router router;
    /// Each request's span and HTTP metrics (docs/telemetry.md); null = none recorded (routing-only tests).
    std::shared_ptr<telemetry::RequestTelemetry> telemetry;
    SecurityHeaders securityHeaders{{}};
    std::size_t maxBodyBytes = 1048576;
    /// Send timeout for responses (AKASHI_WRITE_TIMEOUT); Poco's server params only have one socket timeout,
    /// which the server uses for reads.
    std::chrono::milliseconds writeTimeout{30000};
    /// The auth gate for `/v1/*` and `/mcp`: returns the caller or throws akashi::Exception(unauthorized)
    /// with the reference's message. Unset only in tests of routing alone (then every path is open).
    std::function<auth::Principal(const Poco::Net::HTTPServerRequest&)> authenticate;
    /// Rate limits per route class (docs/rate-limiting.md); unset when AKASHI_RATE_LIMIT_ENABLED=false.
    std::shared_ptr<const RateLimitGate> rateLimit;
};

/// Whether `path` sits behind the auth gate (the reference: only `/v1/` and `/mcp` need credentials;
/// `/mcp/info` describes how to authenticate, so it is open).
bool requiresAuthentication(const std::string& path);

/// The middleware chain for one request: request id → trace context → security/CORS headers → auth → routing
/// → handler, with the server's single catch that maps errors to the envelope, then the `http request` access
/// log line and the request's span and metrics.
class RequestDispatcher final : public Poco::Net::HTTPRequestHandler
{
public:
    RequestDispatcher(std::shared_ptr<const DispatchTable> table, Poco::Logger& accessLog, Poco::Logger& errorLog);

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
    void route(RequestContext& context, const std::string& path, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response);
    void logAccess(const RequestContext& context, const Poco::Net::HTTPServerRequest& request, int status,
                   const std::string& path, const std::string& traceId);
    /// The span and metrics of the finished request; a failure to record them never fails the request.
    void recordTelemetry(const RequestContext& context, const Poco::Net::HTTPServerRequest& request, int status,
                         const std::string& path, const std::optional<telemetry::RequestTrace>& trace) noexcept;

    std::shared_ptr<const DispatchTable> _table;
    Poco::Logger& _accessLog;
    Poco::Logger& _errorLog;
};
} // namespace akashi::http
