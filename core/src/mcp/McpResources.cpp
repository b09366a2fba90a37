#include "mcp/McpResources.h"

#include "common/BuildInfo.h"
#include "common/Exception.h"
#include "json/JsonValues.h"
#include "mcp/JsonRpc.h"
#include "mcp/McpProtocol.h"
#include "mcp/ToolOutput.h"
#include "services/AgentService.h"
#include "services/QueryService.h"

#include <Poco/URI.h>

namespace akashi::mcp
{
namespace
{
constexpr const char* kJson = "application/json";
constexpr const char* kHistoryPrefix = "akashi://agent/";
constexpr const char* kHistorySuffix = "/history";

Poco::JSON::Object::Ptr describe(const std::string& uriOrTemplate, bool isTemplate, const std::string& name,
                                 const std::string& title, const std::string& description)
{
    auto item = json::orderedObject();
    item->set(isTemplate ? "uriTemplate" : "uri", uriOrTemplate);
    item->set("name", name);
    item->set("title", title);
    item->set("description", description);
    item->set("mimeType", kJson);
    return item;
}

[[noreturn]] void notFound(const std::string& uri)
{
    auto data = json::orderedObject();
    data->set("uri", uri);
    throw JsonRpcError(rpc::kResourceNotFound, "resource not found", data);
}

/// `akashi://agent/<id>/history` → the percent-decoded id; nullopt for any other URI.
std::optional<std::string> historyAgent(const std::string& uri)
{
    const std::string prefix = kHistoryPrefix;
    const std::string suffix = kHistorySuffix;
    if (uri.size() <= prefix.size() + suffix.size() || uri.compare(0, prefix.size(), prefix) != 0 ||
        uri.compare(uri.size() - suffix.size(), suffix.size(), suffix) != 0)
        return std::nullopt;
    const std::string encoded = uri.substr(prefix.size(), uri.size() - prefix.size() - suffix.size());
    std::string agentId;
    try
    {
        Poco::URI::decode(encoded, agentId);
    }
    catch (const Poco::Exception&)
    {
        return std::nullopt;
    }
    return agentId;
}
} // namespace

Poco::JSON::Array::Ptr McpResources::list() const
{
    Poco::JSON::Array::Ptr resources = new Poco::JSON::Array;
    resources->add(describe(kSessionUri, false, "session", "Current session",
                            "Who you are to Akashi: agent, organisation, role, MCP session and protocol version."));
    resources->add(describe(kRecentUri, false, "recent-decisions", "Recent decisions",
                            "The newest decisions you may see."));
    return resources;
}

Poco::JSON::Array::Ptr McpResources::templates() const
{
    Poco::JSON::Array::Ptr templates = new Poco::JSON::Array;
    templates->add(describe(kHistoryTemplate, true, "agent-history", "Agent history",
                            "One agent's decisions, newest first (the agent must be visible to you)."));
    return templates;
}

Poco::JSON::Object::Ptr McpResources::read(const McpCall& call, const std::string& uri) const
{
    Poco::JSON::Object::Ptr document;
    try
    {
        if (uri == kSessionUri)
            document = session(call);
        else if (uri == kRecentUri)
            document = recent(call);
        else if (const auto agentId = historyAgent(uri))
        {
            // An id that cannot name an agent names no resource (rather than an empty history).
            try
            {
                services::AgentService::validateAgentId("id", *agentId);
            }
            catch (const Exception&)
            {
                notFound(uri);
            }
            document = history(call, *agentId);
        }
        else
            notFound(uri);
    }
    catch (const Exception& e)
    {
        if (errorCodeInfo(e.errorCode()).httpStatus >= 500)
            throw;
        throw JsonRpcError(e.errorCode() == ErrorCode::notFound ? rpc::kResourceNotFound : rpc::kInvalidParams,
                           e.message());
    }
    auto content = json::orderedObject();
    content->set("uri", uri);
    content->set("mimeType", kJson);
    content->set("text", JsonRpc::text(document));
    Poco::JSON::Array::Ptr contents = new Poco::JSON::Array;
    contents->add(content);
    auto result = json::orderedObject();
    result->set("contents", contents);
    return result;
}

Poco::JSON::Object::Ptr McpResources::session(const McpCall& call) const
{
    auto document = json::orderedObject();
    document->set("agent_id", call.principal.agentId);
    document->set("org_id", call.principal.orgId);
    document->set("role", std::string(auth::roleName(call.principal.role)));
    document->set("session_id", call.sessionId);
    document->set("protocol_version", call.protocolVersion);
    auto server = json::orderedObject();
    server->set("name", McpProtocol::kServerName);
    server->set("version", buildinfo::kVersion);
    document->set("server", server);
    return document;
}

Poco::JSON::Object::Ptr McpResources::recent(const McpCall& call) const
{
    services::RecentRequest request;
    request.limit = kRecentLimit;
    const auto page = _services.query->recent(call.principal, request, std::nullopt);
    auto document = json::orderedObject();
    document->set("decisions", ToolOutput::decisions(page.decisions, ToolOutput::kConcise));
    document->set("has_more", page.count.hasMore);
    return document;
}

Poco::JSON::Object::Ptr McpResources::history(const McpCall& call, const std::string& agentId) const
{
    services::HistoryRequest request;
    request.agentId = agentId;
    request.limit = kHistoryLimit;
    const auto page = _services.query->history(call.principal, request, std::nullopt);
    auto document = json::orderedObject();
    document->set("agent_id", agentId);
    document->set("decisions", ToolOutput::decisions(page.decisions, ToolOutput::kConcise));
    if (page.count.total)
        document->set("total", *page.count.total);
    document->set("has_more", page.count.hasMore);
    return document;
}
std::string McpResources::subscribable(const McpCall& call, const std::string& uri) const
{
    if (uri == kSessionUri)
        throw JsonRpcError(rpc::kInvalidParams, std::string(kSessionUri) + " does not change; nothing to subscribe to");
    read(call, uri); // unknown, malformed or not readable: the same error as resources/read
    if (const auto agent = historyAgent(uri))
        return historyUri(*agent);
    return uri;
}

std::string McpResources::historyUri(const std::string& agentId)
{
    return std::string(kHistoryPrefix) + agentId + kHistorySuffix;
}
} // namespace akashi::mcp
