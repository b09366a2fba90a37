#pragma once
#include "http/Router.h"
#include "http/SecurityHeaders.h"

#include <Poco/Net/HTTPRequestHandler.h>

#include <chrono>
#include <memory>

namespace Poco
{
class Logger;
}

namespace akashi::http
{
class RequestContext;

/// What every dispatcher shares: the route table, header policy and limits. Immutable once the server
/// starts.
struct DispatchTable
{
    Router router;
    SecurityHeaders securityHeaders{{}};
    std::size_t maxBodyBytes = 1048576;
    /// Send timeout for responses (AKASHI_WRITE_TIMEOUT); Poco's server params only have one socket timeout,
    /// which the server uses for reads.
    std::chrono::milliseconds writeTimeout{30000};
};

/// The middleware chain for one request: request id → security/CORS headers → routing → handler, with
/// the server's single catch that maps errors to the envelope, then the `http request` access log line.
class RequestDispatcher final : public Poco::Net::HTTPRequestHandler
{
public:
    RequestDispatcher(std::shared_ptr<const DispatchTable> table, Poco::Logger& accessLog, Poco::Logger& errorLog);

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
    void route(RequestContext& context, const std::string& path, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response);
    void logAccess(const RequestContext& context, const Poco::Net::HTTPServerRequest& request, int status,
                   const std::string& path);

    std::shared_ptr<const DispatchTable> _table;
    Poco::Logger& _accessLog;
    Poco::Logger& _errorLog;
};
} // namespace akashi::http
