#pragma once
// The path of one MCP request, in three files:
//   1. mcp/McpTransportHandler (this file): HTTP mechanics of the streamable HTTP transport: Origin,
//      Accept and MCP-Protocol-Version checks, JSON-RPC parsing, the Mcp-Session-Id session
//      (McpSessionStore), 202 for notifications, the response as JSON or as one SSE frame.
//      The REST auth gate (http::RequestDispatcher) has already authenticated the caller, with the
//      same 401 texts as /v1.
//   2. mcp/McpDispatcher: method routing (initialize, ping, tools/*, resources/*, prompts/*).
//   3. mcp/ToolRegistry, mcp/McpResources, mcp/McpPrompts: the methods, which call the same
//      services::* the REST handlers call (tools are declared in mcp/*Tools.cpp).
#include "mcp/JsonRpc.h"
#include "mcp/McpDispatcher.h"
#include "mcp/McpOriginPolicy.h"
#include "mcp/McpServices.h"
#include "mcp/McpSessionStore.h"
#include "stream/SseBroker.h"

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>

namespace Poco
{
class Logger;
}

namespace Poco::Net
{
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace akashi::http
{
class RequestContext;
}

namespace akashi::services
{
class AccessPolicy;
}

namespace akashi::mcp
{
/// The routes of MCP's streamable HTTP transport: POST /mcp, DELETE /mcp, GET /mcp, GET /mcp/info.
/// Shared by all request threads: state is the session store (locked) and immutable settings.
class McpTransportHandler
{
public:
    struct Settings
    {
        McpOriginPolicy origins{{}, false};
        McpSessionStore::Settings sessions;
        stream::SseBroker* broker = nullptr;     ///< holds GET /mcp streams; null = GET answers 405
        services::AccessPolicy* access = nullptr; ///< with the broker: who may learn of which decision
    };

    McpTransportHandler(McpServices services, Settings settings, Poco::Logger& log);

    /// POST /mcp: one JSON-RPC message (or, in protocol 2025-03-26 only, a batch array).
    void post(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// DELETE /mcp: ends the session named by Mcp-Session-Id → 204.
    void remove(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /mcp: the server-to-client SSE stream of a session (Accept must include text/event-stream).
    /// Handed to the SSE broker, so it pins no HTTP worker thread. It carries
    /// `notifications/resources/updated` for the resources the session subscribed to (a new decision the
    /// caller may see changes akashi://decisions/recent and its agent's history) and `: keepalive` comments.
    /// Without a broker: 405 with `Allow: POST, DELETE`, as the transport permits.
    void openStream(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /mcp/info (no credentials): how to connect.
    void info(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    McpSessionStore& sessions() noexcept { return _sessions; }

    static constexpr const char* kSessionHeader = "Mcp-Session-Id";
    static constexpr const char* kVersionHeader = "MCP-Protocol-Version";

private:
    /// Origin and role: what every method of /mcp checks first. Returns false after answering 403.
    bool admit(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response) const;
    McpSession requireSession(const Poco::Net::HTTPServerRequest& request, const auth::Principal& principal);
    /// What the session's GET stream receives: resource updates for its subscriptions.
    stream::SseBroker::Subscription updatesFor(const McpSession& session, const auth::Principal& principal) const;
    Poco::JSON::Object::Ptr initialize(const JsonRpcMessage& message, const auth::Principal& principal,
                                       Poco::Net::HTTPServerResponse& response);
    /// Answers a batch (array) of messages within `session`.
    void batch(const Poco::JSON::Array::Ptr& messages, const McpCall& call, bool eventStream,
               Poco::Net::HTTPServerResponse& response) const;

    static void send(Poco::Net::HTTPServerResponse& response, int status, const std::string& contentType,
                     const std::string& body);
    /// An HTTP-level failure: `status` with a JSON-RPC error body whose id is null.
    static void sendRefusal(Poco::Net::HTTPServerResponse& response, int status, int code, const std::string& message);
    static void sendMessage(Poco::Net::HTTPServerResponse& response, const Poco::Dynamic::Var& message, bool eventStream);

    Settings _settings;
    McpSessionStore _sessions; ///< before _dispatcher, which keeps a reference
    McpDispatcher _dispatcher;
    Poco::Logger& _log;
};
} // namespace akashi::mcp
