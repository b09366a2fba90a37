#pragma once
#include "mcp/McpCall.h"
#include "mcp/McpServices.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace akashi::mcp
{
/// The MCP resources (JSON documents, read-only; clients may subscribe to the decision lists, see
/// `subscribable`):
///   akashi://session/current          who the caller is: agent, org, role, session id, protocol version
///   akashi://decisions/recent         the newest decisions the caller may see (QueryService::recent)
///   akashi://agent/{id}/history       template: one agent's decisions (QueryService::history; 403 if hidden)
/// Thread-safe (no state besides the services).
class McpResources
{
public:
    explicit McpResources(McpServices services) : _services(services) {}

    /// resources/list `resources`.
    Poco::JSON::Array::Ptr list() const;
    /// resources/templates/list `resourceTemplates`.
    Poco::JSON::Array::Ptr templates() const;
    /// resources/read result `{contents: [{uri, mimeType, text}]}`. Throws JsonRpcError: kResourceNotFound
    /// for a URI this server does not serve (or an agent id that is not a valid one); kInvalidParams
    /// with the service's message when the caller may not read it (e.g. "insufficient permissions").
    Poco::JSON::Object::Ptr read(const McpCall& call, const std::string& uri) const;

    /// For resources/subscribe: the URI in the form update notifications use, after checking the caller
    /// may read it now (the same errors as `read`). Only the decision lists change; subscribing to
    /// akashi://session/current is kInvalidParams.
    std::string subscribable(const McpCall& call, const std::string& uri) const;

    /// `akashi://agent/<agentId>/history`, as `subscribable` returns it.
    static std::string historyUri(const std::string& agentId);

    static constexpr const char* kSessionUri = "akashi://session/current";
    static constexpr const char* kRecentUri = "akashi://decisions/recent";
    static constexpr const char* kHistoryTemplate = "akashi://agent/{id}/history";
    static constexpr int kRecentLimit = 20;
    static constexpr int kHistoryLimit = 50;

private:
    Poco::JSON::Object::Ptr session(const McpCall& call) const;
    Poco::JSON::Object::Ptr recent(const McpCall& call) const;
    Poco::JSON::Object::Ptr history(const McpCall& call, const std::string& agentId) const;

    McpServices _services;
};
} // namespace akashi::mcp
