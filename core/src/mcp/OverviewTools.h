#pragma once
#include "mcp/McpServices.h"
#include "mcp/ToolRegistry.h"

namespace akashi::mcp
{
/// akashi_conflicts (ConflictService) and akashi_stats (DecisionStatsService). Reader role and up.
void registerOverviewTools(ToolRegistry& registry, const McpServices& services);
} // namespace akashi::mcp
