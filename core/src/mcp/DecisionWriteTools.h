#pragma once
#include "mcp/McpServices.h"
#include "mcp/ToolRegistry.h"

namespace akashi::mcp
{
/// akashi_trace (record a decision; TraceService, decoded by the REST decoder so every limit is the
/// same) and akashi_assess (AssessmentService). Agent role and up.
void registerDecisionWriteTools(ToolRegistry& registry, const McpServices& services);
} // namespace akashi::mcp
