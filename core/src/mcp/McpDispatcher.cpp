#include "mcp/McpDispatcher.h"

#include "common/BuildInfo.h"
#include "common/Exception.h"
#include "json/JsonValues.h"
#include "logging/Log.h"
#include "mcp/DecisionReadTools.h"
#include "mcp/DecisionWriteTools.h"
#include "mcp/McpPrompts.h"
#include "mcp/McpProtocol.h"
#include "mcp/OverviewTools.h"

#include <Poco/JSON/Array.h>

namespace akashi::mcp
{
namespace
{
/// A required string member of params; -32602 naming it otherwise.
std::string requiredString(const Poco::JSON::Object::Ptr& params, const std::string& name)
{
    if (!params || !params->has(name) || !params->get(name).isString())
        throw JsonRpcError(rpc::kInvalidParams, "params." + name + " must be a string");
    return params->getValue<std::string>(name);
}

/// An optional object member of params (null counts as absent); -32602 otherwise.
Poco::JSON::Object::Ptr optionalObject(const Poco::JSON::Object::Ptr& params, const std::string& name)
{
    if (!params || !params->has(name) || params->isNull(name))
        return nullptr;
    if (params->get(name).type() != typeid(Poco::JSON::Object::Ptr))
        throw JsonRpcError(rpc::kInvalidParams, "params." + name + " must be an object");
    return params->getObject(name);
}

Poco::JSON::Object::Ptr member(const std::string& name, const Poco::Dynamic::Var& value)
{
    auto object = json::orderedObject();
    object->set(name, value);
    return object;
}
} // namespace

McpDispatcher::McpDispatcher(McpServices services, McpSessionStore& sessions, Poco::Logger& log)
    : _services(services), _sessions(sessions), _log(log), _tools(log), _resources(services)
{
    registerDecisionReadTools(_tools, _services);
    registerDecisionWriteTools(_tools, _services);
    registerOverviewTools(_tools, _services);
}

const char* McpDispatcher::instructions()
{
    return "Akashi is the shared decision log of your agents. Call akashi_check before making a decision to see "
           "precedents and open conflicts, and akashi_trace after deciding to record what you decided, how "
           "confident you are and why. Use akashi_assess when you learn whether a decision worked out.";
}

Poco::JSON::Object::Ptr McpDispatcher::initializeResult(const std::string& protocolVersion) const
{
    auto capabilities = json::orderedObject();
    capabilities->set("tools", member("listChanged", false));
    auto resources = json::orderedObject();
    resources->set("subscribe", true); // updates arrive on the session's GET /mcp stream
    resources->set("listChanged", false);
    capabilities->set("resources", resources);
    capabilities->set("prompts", member("listChanged", false));

    auto serverInfo = json::orderedObject();
    serverInfo->set("name", McpProtocol::kServerName);
    serverInfo->set("title", "Akashi decision traces");
    serverInfo->set("version", buildinfo::kVersion);

    auto result = json::orderedObject();
    result->set("protocolVersion", protocolVersion);
    result->set("capabilities", capabilities);
    result->set("serverInfo", serverInfo);
    result->set("instructions", instructions());
    return result;
}

Poco::Dynamic::Var McpDispatcher::route(const JsonRpcMessage& request, const McpCall& call) const
{
    const std::string& method = request.method;
    const auto& params = request.params;
    if (method == "ping")
        return json::orderedObject();
    if (method == "tools/list")
        return member("tools", _tools.list());
    if (method == "tools/call")
        return _tools.call(call, requiredString(params, "name"), optionalObject(params, "arguments"));
    if (method == "resources/list")
        return member("resources", _resources.list());
    if (method == "resources/templates/list")
        return member("resourceTemplates", _resources.templates());
    if (method == "resources/read")
        return _resources.read(call, requiredString(params, "uri"));
    if (method == "resources/subscribe" || method == "resources/unsubscribe")
    {
        const bool subscribe = method == "resources/subscribe";
        const auto uri = _resources.subscribable(call, requiredString(params, "uri"));
        if (!_sessions.setSubscribed(call.sessionId, uri, subscribe))
            throw JsonRpcError(rpc::kInvalidRequest, "session ended");
        return json::orderedObject();
    }
    if (method == "prompts/list")
        return member("prompts", McpPrompts::list());
    if (method == "prompts/get")
        return McpPrompts::get(requiredString(params, "name"), optionalObject(params, "arguments"));
    if (method == "initialize")
        throw JsonRpcError(rpc::kInvalidRequest, "initialize must be the only message of its POST");
    throw JsonRpcError(rpc::kMethodNotFound, "method not found: " + method);
}

Poco::JSON::Object::Ptr McpDispatcher::dispatch(const JsonRpcMessage& request, const McpCall& call) const
{
    try
    {
        return JsonRpc::result(request.id, route(request, call));
    }
    catch (const JsonRpcError& e)
    {
        return JsonRpc::error(request.id, e.code(), e.what(), e.data());
    }
    catch (const Exception& e)
    {
        if (errorCodeInfo(e.errorCode()).httpStatus < 500)
            return JsonRpc::error(request.id, rpc::kInvalidParams, e.message());
        logging::error(_log, "mcp request failed", {{"method", request.method}, {"error", e.message()}});
    }
    catch (const std::exception& e)
    {
        const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
        logging::error(_log, "mcp request failed",
                       {{"method", request.method}, {"error", poco ? poco->displayText() : e.what()}});
    }
    return JsonRpc::error(request.id, rpc::kInternalError, "internal error");
}
} // namespace akashi::mcp
