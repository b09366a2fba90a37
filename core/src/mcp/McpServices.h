#pragma once

namespace akashi::services
{
class AssessmentService;
class ConflictService;
class DecisionStatsService;
class QueryService;
class SearchService;
class TraceService;
} // namespace akashi::services

namespace akashi::mcp
{
/// The services MCP tools and resources call: the very ones behind the REST handlers, so roles,
/// visibility and org scoping are identical on both surfaces. All must be set. They outlive the HTTP
/// server.
struct McpServices
{
    services::QueryService* query = nullptr;
    services::SearchService* search = nullptr;
    services::TraceService* trace = nullptr;
    services::ConflictService* conflicts = nullptr;
    services::AssessmentService* assessments = nullptr;
    services::DecisionStatsService* stats = nullptr;
};
} // namespace akashi::mcp
