#pragma once
#include "mcp/JsonRpc.h"
#include "mcp/McpCall.h"
#include "mcp/McpResources.h"
#include "mcp/McpServices.h"
#include "mcp/McpSessionStore.h"
#include "mcp/ToolRegistry.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace Poco
{
class Logger;
}

namespace akashi::mcp
{
/// MCP method routing, after the transport has authenticated the request and resolved its session:
/// ping, tools/*, resources/*, prompts/*. `initialize` is answered here too, but the session it creates
/// is the transport's business. Built once at startup; thread-safe (immutable; subscriptions live in
/// the session store).
class McpDispatcher
{
public:
    /// `sessions` (for resources/subscribe) must outlive the dispatcher.
    McpDispatcher(McpServices services, McpSessionStore& sessions, Poco::Logger& log);

    /// The initialize result for `protocolVersion` (already negotiated): serverInfo, capabilities,
    /// instructions.
    Poco::JSON::Object::Ptr initializeResult(const std::string& protocolVersion) const;

    /// The response to one request (never a notification): a result, or an error with the request's id.
    /// Never throws: unexpected failures are logged and answered with -32603 "internal error".
    Poco::JSON::Object::Ptr dispatch(const JsonRpcMessage& request, const McpCall& call) const;

    /// The `instructions` of initialize: what an agent should do with this server.
    static const char* instructions();

private:
    Poco::Dynamic::Var route(const JsonRpcMessage& request, const McpCall& call) const;

    McpServices _services;
    McpSessionStore& _sessions;
    Poco::Logger& _log;
    ToolRegistry _tools;
    McpResources _resources;
};
} // namespace akashi::mcp
