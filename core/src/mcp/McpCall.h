#pragma once
#include "auth/Principal.h"

#include <string>

namespace akashi::mcp
{
/// Who one MCP request acts for and in which session: what tools, resources and prompts are given.
/// The principal was authenticated for this very HTTP request (the REST auth gate), so a changed role
/// or a deleted agent takes effect at once, session or not.
struct McpCall
{
    auth::Principal principal;
    std::string sessionId;
    std::string protocolVersion;
};
} // namespace akashi::mcp
