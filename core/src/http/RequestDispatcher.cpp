#include "http/RequestDispatcher.h"

#include "common/Exception.h"
#include "http/RequestContext.h"
#include "http/RequestId.h"
#include "http/ResponseWriter.h"
#include "logging/Log.h"
#include "telemetry/FinishedRequest.h"
#include "telemetry/RequestTelemetry.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace akashi::http
{
bool requiresAuthentication(const std::string& path)
{
    if (path == "/mcp/info")
        return false;
    return path.rfind("/v1/", 0) == 0 || path == "/v1" || path == "/mcp" || path.rfind("/mcp/", 0) == 0;
}

RequestDispatcher::RequestDispatcher(std::shared_ptr<const DispatchTable> table, Poco::Logger& accessLog,
                                     Poco::Logger& errorLog)
    : _table(std::move(table)), _accessLog(accessLog), _errorLog(errorLog)
{
}

void RequestDispatcher::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
    RequestContext context(RequestId::fromHeader(request.get("X-Request-ID", "")), std::chrono::steady_clock::now(),
                           _table->maxBodyBytes);
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request))
        impl->socket().setSendTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(_table->writeTimeout.count()) * 1000));
    response.set("X-Request-ID", context.requestId());
    // W3C trace context: continue the caller's trace (or start one) and tell it our span.
    std::optional<telemetry::RequestTrace> trace;
    if (_table->telemetry)
        trace = _table->telemetry->begin(request.get("traceparent", ""));
    if (trace)
        response.set("traceparent", trace->traceparent());
    _table->securityHeaders.apply(request, response);

    std::string path = request.getURI();
    // The one catch of the request: every error becomes the envelope; nothing escapes to Poco.
    try
    {
        path = Poco::URI(request.getURI()).getPath();
        route(context, path, request, response);
    }
    catch (const Exception& e)
    {
        if (e.errorCode() == ErrorCode::payloadTooLarge)
            response.setKeepAlive(false); // the unread body would otherwise be parsed as the next request
        const int status = errorCodeInfo(e.errorCode()).httpStatus;
        if (status >= 500)
            logging::error(_errorLog, "request failed",
                           {{"request_id", context.requestId()}, {"error", e.message()}});
        // A 500's message may quote SQL or internals: the client gets the generic text, the log the rest.
        if (!response.sent())
            ResponseWriter::writeError(response, context, e.errorCode(),
                                       status == 500 ? std::string("internal server error") : e.message());
    }
    catch (const Poco::SyntaxException&)
    {
        if (!response.sent())
            ResponseWriter::writeError(response, context, ErrorCode::invalidInput, "invalid request URI");
    }
    catch (const std::exception& e)
    {
        // Poco::Exception::what() is only the class name; displayText() carries the message.
        const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
        logging::error(_errorLog, "request failed",
                       {{"request_id", context.requestId()}, {"error", poco ? poco->displayText() : e.what()}});
        if (!response.sent())
            ResponseWriter::writeError(response, context, ErrorCode::internal, "internal server error");
    }
    const int status = static_cast<int>(response.getStatus());
    logAccess(context, request, status, path, trace ? trace->traceId : std::string());
    recordTelemetry(context, request, status, path, trace);
}

void RequestDispatcher::route(RequestContext& context, const std::string& path,
                              Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
    const std::string& method = request.getMethod();
    if (method == Poco::Net::HTTPRequest::HTTP_OPTIONS)
    {
        ResponseWriter::writeEmpty(response, Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        return;
    }
    // Before routing, as the reference does: an unauthenticated caller learns nothing about which
    // /v1 paths exist.
    if (_table->authenticate && requiresAuthentication(path))
        context.setPrincipal(_table->authenticate(request));
    RouteMatch match = _table->router.match(method, path);
    switch (match.kind)
    {
    case RouteMatch::Kind::notFound:
        throw Exception(ErrorCode::notFound, "no route for " + method + " " + path);
    case RouteMatch::Kind::methodNotAllowed:
        response.set("Allow", Poco::cat(std::string(", "), match.allowedMethods.begin(), match.allowedMethods.end()));
        throw Exception(ErrorCode::methodNotAllowed, "method " + method + " is not allowed on " + path);
    case RouteMatch::Kind::found:
        break;
    }
    context.setRoute(match.routeTemplate, std::move(match.params));
    if (_table->rateLimit)
        _table->rateLimit->admit(context, request, response);
    match.handler->handle(context, request, response);
}

void RequestDispatcher::recordTelemetry(const RequestContext& context, const Poco::Net::HTTPServerRequest& request,
                                        int status, const std::string& path,
                                        const std::optional<telemetry::RequestTrace>& trace) noexcept
{
    if (!_table->telemetry)
        return;
    try
    {
        telemetry::FinishedRequest finished;
        finished.method = request.getMethod();
        finished.route = context.routeTemplate();
        // Refused before routing (401, 429): still named by the route it was for, for bounded
        // and useful span names and labels. Only templates ever become attributes, never the path.
        if (finished.route.empty())
            if (const RouteMatch match = _table->router.match(finished.method, path); match.kind == RouteMatch::Kind::found)
                finished.route = match.routeTemplate;
        finished.path = path.substr(0, path.find('?')); // the raw URI when it did not parse: never a query
        finished.requestId = context.requestId();
        finished.start = context.start();
        finished.status = status;
        if (context.authenticated())
        {
            finished.agentId = context.principal().agentId;
            finished.role = std::string(auth::roleName(context.principal().role));
        }
        finished.spanAttributes = context.spanAttributes();
        _table->telemetry->finish(trace, finished);
    }
    catch (const std::exception& e)
    {
        // Telemetry is best effort: the response is already sent.
        logging::error(_errorLog, "telemetry: request not recorded", {{"request_id", context.requestId()}, {"error", e.what()}});
    }
}

void RequestDispatcher::logAccess(const RequestContext& context, const Poco::Net::HTTPServerRequest& request,
                                  int status, const std::string& path, const std::string& traceId)
{
    const auto elapsed = std::chrono::steady_clock::now() - context.start();
    const double durationMs = std::chrono::duration<double, std::milli>(elapsed).count();
    const auto priority = status >= 500   ? Poco::Message::PRIO_ERROR
                          : status >= 400 ? Poco::Message::PRIO_WARNING
                                          : Poco::Message::PRIO_INFORMATION;
    logging::Fields fields{{"method", request.getMethod()},
                           {"path", path},
                           {"status", status},
                           {"duration_ms", durationMs},
                           {"request_id", context.requestId()}};
    if (!traceId.empty())
        fields.emplace_back("trace_id", traceId);
    if (context.authenticated())
        fields.emplace_back("agent_id", context.principal().agentId);
    logging::log(_accessLog, priority, "http request", fields);
}
} // namespace akashi::http
