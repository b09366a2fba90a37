#include "mcp/McpTransportHandler.h"

#include "common/BuildInfo.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/JsonValues.h"
#include "logging/Log.h"
#include "mcp/McpAccept.h"
#include "mcp/McpProtocol.h"
#include "services/AccessPolicy.h"
#include "stream/SseBroker.h"
#include "stream/SseHandoff.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace akashi::mcp
{
namespace
{
constexpr const char* kJsonType = "application/json";
constexpr const char* kEventStreamType = "text/event-stream";

/// Thrown inside post() for an HTTP-level refusal; caught there and answered.
struct Refused
{
    int status;
    int code;
    std::string message;
};

[[noreturn]] void refuse(int status, int code, std::string message)
{
    throw Refused{status, code, std::move(message)};
}

std::optional<std::string> header(const Poco::Net::HTTPServerRequest& request, const std::string& name)
{
    return request.has(name) ? std::optional<std::string>(request.get(name)) : std::nullopt;
}

/// 400 for an MCP-Protocol-Version this server does not speak.
void checkVersionHeader(const Poco::Net::HTTPServerRequest& request)
{
    if (const auto version = header(request, McpTransportHandler::kVersionHeader); version && !McpProtocol::supports(*version))
        refuse(400, rpc::kInvalidRequest,
               "unsupported MCP-Protocol-Version \"" + *version + "\" (supported: 2025-11-25, 2025-06-18, 2025-03-26)");
}
} // namespace

McpTransportHandler::McpTransportHandler(McpServices services, Settings settings, Poco::Logger& log)
    : _settings(std::move(settings)), _sessions(_settings.sessions), _dispatcher(services, _sessions, log), _log(log)
{
}

void McpTransportHandler::send(Poco::Net::HTTPServerResponse& response, int status, const std::string& contentType,
                               const std::string& body)
{
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    if (!body.empty())
        response.setContentType(contentType);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    auto& out = response.send();
    out << body;
    out.flush();
}

void McpTransportHandler::sendRefusal(Poco::Net::HTTPServerResponse& response, int status, int code,
                                      const std::string& message)
{
    send(response, status, kJsonType, JsonRpc::text(JsonRpc::error({}, code, message)));
}

void McpTransportHandler::sendMessage(Poco::Net::HTTPServerResponse& response, const Poco::Dynamic::Var& message,
                                      bool eventStream)
{
    const std::string text = JsonRpc::text(message);
    if (!eventStream)
    {
        send(response, 200, kJsonType, text);
        return;
    }
    // One `message` event carrying the response, then the end of the body: a finite stream. The JSON is
    // compact, so it holds no raw newline that would split the data line.
    response.set("Cache-Control", "no-cache");
    send(response, 200, kEventStreamType, "event: message\ndata: " + text + "\n\n");
}

bool McpTransportHandler::admit(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                                Poco::Net::HTTPServerResponse& response) const
{
    services::AccessPolicy::requireRole(context.principal(), auth::Role::reader);
    const std::string origin = request.get("Origin", "");
    if (!_settings.origins.allows(origin))
    {
        sendRefusal(response, 403, rpc::kInvalidRequest, "origin not allowed: " + origin);
        return false;
    }
    if (!origin.empty())
        response.set("Access-Control-Expose-Headers", std::string(kSessionHeader) + ", " + kVersionHeader);
    return true;
}

McpSession McpTransportHandler::requireSession(const Poco::Net::HTTPServerRequest& request,
                                               const auth::Principal& principal)
{
    const auto id = header(request, kSessionHeader);
    if (!id || id->empty())
        refuse(400, rpc::kInvalidRequest, "missing Mcp-Session-Id header: send initialize first");
    auto session = _sessions.find(*id, principal);
    if (!session)
        refuse(404, rpc::kSessionNotFound, "session not found: it expired or was ended; initialize a new one");
    if (const auto version = header(request, kVersionHeader); version && *version != session->protocolVersion)
        refuse(400, rpc::kInvalidRequest,
               "MCP-Protocol-Version \"" + *version + "\" differs from the session's \"" + session->protocolVersion + "\"");
    return *session;
}

Poco::JSON::Object::Ptr McpTransportHandler::initialize(const JsonRpcMessage& message, const auth::Principal& principal,
                                                        Poco::Net::HTTPServerResponse& response)
{
    const auto& params = message.params;
    if (!params || !params->has("protocolVersion") || !params->get("protocolVersion").isString())
        return JsonRpc::error(message.id, rpc::kInvalidParams, "params.protocolVersion must be a string");
    const std::string version = McpProtocol::negotiate(params->getValue<std::string>("protocolVersion"));
    std::string clientName;
    if (const auto client = params->getObject("clientInfo"); client && client->has("name") && client->get("name").isString())
        clientName = client->getValue<std::string>("name").substr(0, 200);
    const auto session = _sessions.create(principal, version, clientName);
    response.set(kSessionHeader, session.id);
    logging::info(_log, "mcp session started",
                  {{"agent_id", principal.agentId}, {"protocol_version", version}, {"client", clientName}});
    return JsonRpc::result(message.id, _dispatcher.initializeResult(version));
}

void McpTransportHandler::batch(const Poco::JSON::Array::Ptr& messages, const McpCall& call, bool eventStream,
                                Poco::Net::HTTPServerResponse& response) const
{
    Poco::JSON::Array::Ptr responses = new Poco::JSON::Array;
    for (const auto& item : *messages)
    {
        try
        {
            const auto message = JsonRpc::classify(item);
            if (message.kind == JsonRpcMessage::Kind::request)
                responses->add(_dispatcher.dispatch(message, call));
        }
        catch (const JsonRpcError& e)
        {
            responses->add(JsonRpc::error({}, e.code(), e.what()));
        }
    }
    if (responses->size() == 0)
        send(response, 202, kJsonType, "");
    else
        sendMessage(response, responses, eventStream);
}

void McpTransportHandler::post(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response)
{
    if (!admit(context, request, response))
        return;
    const auth::Principal& principal = context.principal();
    try
    {
        const auto accept = McpAccept::parse(request.get("Accept", ""));
        if (!accept.json || !accept.eventStream)
            refuse(400, rpc::kInvalidRequest, "the Accept header must list both application/json and text/event-stream");
        checkVersionHeader(request);

        Poco::Dynamic::Var parsed;
        try
        {
            parsed = Poco::JSON::Parser().parse(http::RequestBody::readText(request, context.maxBodyBytes()));
        }
        catch (const Poco::JSON::JSONException&)
        {
            refuse(400, rpc::kParseError, "parse error: the body is not valid JSON");
        }

        if (parsed.type() == typeid(Poco::JSON::Array::Ptr))
        {
            const auto messages = parsed.extract<Poco::JSON::Array::Ptr>();
            const auto session = requireSession(request, principal);
            if (!McpProtocol::allowsBatches(session.protocolVersion))
                refuse(400, rpc::kInvalidRequest,
                       "JSON-RPC batches are not part of protocol version " + session.protocolVersion);
            if (messages->size() == 0)
                refuse(400, rpc::kInvalidRequest, "invalid request: an empty batch");
            batch(messages, {principal, session.id, session.protocolVersion}, accept.prefersEventStream, response);
            return;
        }

        JsonRpcMessage message;
        try
        {
            message = JsonRpc::classify(parsed);
        }
        catch (const JsonRpcError& e)
        {
            refuse(400, e.code(), e.what());
        }
        if (message.kind == JsonRpcMessage::Kind::request && message.method == "initialize")
        {
            sendMessage(response, initialize(message, principal, response), accept.prefersEventStream);
            return;
        }
        const auto session = requireSession(request, principal);
        if (message.kind != JsonRpcMessage::Kind::request)
        {
            // Notifications (e.g. notifications/initialized) and responses: accepted, nothing to answer.
            send(response, 202, kJsonType, "");
            return;
        }
        const McpCall call{principal, session.id, session.protocolVersion};
        sendMessage(response, _dispatcher.dispatch(message, call), accept.prefersEventStream);
    }
    catch (const Refused& refused)
    {
        sendRefusal(response, refused.status, refused.code, refused.message);
    }
}

void McpTransportHandler::remove(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                                 Poco::Net::HTTPServerResponse& response)
{
    if (!admit(context, request, response))
        return;
    try
    {
        checkVersionHeader(request);
        const auto session = requireSession(request, context.principal());
        _sessions.remove(session.id, context.principal());
        logging::info(_log, "mcp session ended", {{"agent_id", context.principal().agentId}});
        send(response, 204, kJsonType, "");
    }
    catch (const Refused& refused)
    {
        sendRefusal(response, refused.status, refused.code, refused.message);
    }
}

void McpTransportHandler::openStream(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                                     Poco::Net::HTTPServerResponse& response)
{
    if (!admit(context, request, response))
        return;
    if (!_settings.broker)
    {
        response.set("Allow", "POST, DELETE");
        sendRefusal(response, 405, rpc::kInvalidRequest, "this server offers no server-to-client stream on GET /mcp; use POST");
        return;
    }
    std::uint64_t id = 0;
    try
    {
        if (request.get("Accept", "").find(kEventStreamType) == std::string::npos)
            refuse(400, rpc::kInvalidRequest, "GET /mcp needs Accept: text/event-stream");
        checkVersionHeader(request);
        const auto session = requireSession(request, context.principal());
        id = _settings.broker->open(updatesFor(session, context.principal()));
        if (id == 0)
            refuse(503, rpc::kInternalError, "too many open streams on this instance; retry later");
    }
    catch (const Refused& refused)
    {
        sendRefusal(response, refused.status, refused.code, refused.message);
        return;
    }
    const auto head = stream::SseHandoff::responseHead(response);
    _settings.broker->attach(id, stream::SseHandoff::detach(request), head, 0);
}

stream::SseBroker::Subscription McpTransportHandler::updatesFor(const McpSession& session,
                                                               const auth::Principal& principal) const
{
    auto visibility = std::make_shared<const services::AccessPolicy::Visibility>(
        _settings.access ? _settings.access->visibility(principal) : services::AccessPolicy::Visibility{});
    stream::SseBroker::Subscription subscription;
    subscription.orgId = session.orgId;
    subscription.accepts = [visibility](const stream::StreamEvent& event) {
        // New decisions only (an assessment changes neither list), of agents the caller may see.
        if (event.channel != "akashi_decisions" || event.agents.size() != 1 ||
            event.payload.find("\"source\"") != std::string::npos)
            return false;
        return visibility->allows(event.agents.front());
    };
    subscription.format = [sessions = &_sessions, id = session.id](const stream::StreamEvent& event) {
        std::string frames;
        for (const auto& uri : {std::string(McpResources::kRecentUri), McpResources::historyUri(event.agents.front())})
            if (sessions->isSubscribed(id, uri))
            {
                auto params = json::orderedObject();
                params->set("uri", uri);
                auto notification = json::orderedObject();
                notification->set("jsonrpc", "2.0");
                notification->set("method", "notifications/resources/updated");
                notification->set("params", params);
                frames += "event: message\ndata: " + json::compactText(notification) + "\n\n";
            }
        return frames.empty() ? nullptr : std::make_shared<const std::string>(std::move(frames));
    };
    return subscription;
}

void McpTransportHandler::info(http::RequestContext& context, Poco::Net::HTTPServerRequest&,
                               Poco::Net::HTTPServerResponse& response)
{
    Poco::JSON::Array::Ptr schemes = new Poco::JSON::Array;
    schemes->add("ApiKey");
    schemes->add("Bearer");
    auto auth = json::orderedObject();
    auth->set("schemes", schemes);
    auth->set("preferred", "ApiKey");
    auth->set("note", "Send `Authorization: ApiKey <agent_id>:<api_key>` on every request (it never expires); "
                      "`Bearer <token>` from POST /auth/token works too but expires.");
    Poco::JSON::Array::Ptr versions = new Poco::JSON::Array;
    for (const auto& version : McpProtocol::supportedVersions())
        versions->add(version);
    auto data = json::orderedObject();
    data->set("version", buildinfo::kVersion);
    data->set("transport", "streamable-http");
    data->set("protocol_versions", versions);
    data->set("auth", auth);
    http::ResponseWriter::writeData(response, context, 200, data);
}
} // namespace akashi::mcp
