#pragma once
#include "mcp/McpServices.h"
#include "mcp/ToolRegistry.h"

namespace akashi::mcp
{
/// akashi_check (precedents before deciding), akashi_query (filters, or a text query), akashi_search
/// and akashi_recent, over QueryService and SearchService (reader+, RBAC-filtered as REST).
void registerDecisionReadTools(ToolRegistry& registry, const McpServices& services);
} // namespace akashi::mcp
