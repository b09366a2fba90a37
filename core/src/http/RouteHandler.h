#pragma once

namespace Poco::Net
{
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace akashi::http
{
class RequestContext;

/// One endpoint. Handlers are thin: decode the request, call a service, write the response through
/// `ResponseWriter`. They throw `akashi::Exception` for client errors; the dispatcher's single catch turns
/// it into the error envelope. Shared by all request threads: implementations must be thread-safe.
class RouteHandler
{
public:
    virtual ~RouteHandler() = default;
    virtual void handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                        Poco::Net::HTTPServerResponse& response) = 0;
};
} // namespace akashi::http
