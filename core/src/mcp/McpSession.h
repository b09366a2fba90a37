#pragma once
#include <chrono>
#include <set>
#include <string>

namespace akashi::mcp
{
/// One MCP session: created by `initialize`, bound to the principal that initialised it (org and agent
/// row), named by an unguessable id the client sends back in `Mcp-Session-Id`.
struct McpSession
{
    std::string id;
    std::string orgId;
    std::string agentUuid; ///< agents.id of the principal
    std::string agentId;
    std::string protocolVersion;
    std::string clientName; ///< clientInfo.name from initialize (may be empty)
    std::chrono::steady_clock::time_point createdAt{};
    std::chrono::steady_clock::time_point lastUsed{};
    std::set<std::string> subscriptions; ///< resource URIs (canonical) for notifications/resources/updated
};
} // namespace akashi::mcp
