#include "mcp/DecisionReadTools.h"

#include "auth/RandomId.h"
#include "json/JsonValues.h"
#include "mcp/ToolOutput.h"
#include "services/QueryService.h"
#include "services/SearchService.h"

namespace akashi::mcp
{
namespace
{
constexpr std::size_t kTypeBytes = 200;
constexpr std::size_t kAgentIdBytes = 255;
constexpr std::size_t kQueryBytes = 4096;
constexpr std::size_t kShortTextBytes = 1024;

ToolParameter formatParameter()
{
    return param::choice("format", "concise (default: the fields needed to reuse a decision) or full (every field)",
                         {ToolOutput::kConcise, ToolOutput::kFull}, ToolOutput::kConcise);
}

services::SearchResult searchText(const McpServices& services, const McpCall& call, const std::string& query,
                                  const storage::DecisionFilter& filter, int limit)
{
    services::SearchRequest request;
    request.query = query;
    request.semantic = true; // falls back to full-text search by itself when the vector path cannot run
    request.filter = filter;
    request.limit = limit;
    return services.search->search(call.principal, request, std::nullopt);
}

std::vector<storage::DecisionRecord> decisionsOf(const services::SearchResult& found)
{
    std::vector<storage::DecisionRecord> decisions;
    for (const auto& result : found.results)
        decisions.push_back(result.decision);
    return decisions;
}

const char* modeName(services::SearchMode mode)
{
    return mode == services::SearchMode::semantic ? "semantic" : "text";
}

Poco::JSON::Object::Ptr check(const McpServices& services, const McpCall& call, const ToolArguments& args)
{
    const auto format = *args.string("format");
    const auto type = args.string("decision_type");
    const auto query = args.string("query");
    const int limit = static_cast<int>(*args.integer("limit"));
    if (!type && !query)
        throw ToolArgumentError("invalid arguments: give decision_type, query, or both");
    auto result = json::orderedObject();
    if (!type)
    {
        storage::DecisionFilter filter;
        if (auto agent = args.string("agent_id"))
            filter.agentIds = std::vector<std::string>{*agent};
        filter.project = args.string("project");
        const auto found = searchText(services, call, *query, filter, limit);
        const auto decisions = decisionsOf(found);
        result->set("has_precedent", !decisions.empty());
        result->set("decisions", ToolOutput::decisions(decisions, format));
        result->set("conflicts", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
        return result;
    }
    services::CheckRequest request;
    request.decisionType = *type;
    request.query = query;
    request.agentId = args.string("agent_id");
    request.project = args.string("project");
    request.limit = limit;
    const auto checked = services.query->check(call.principal, request, std::nullopt);
    result->set("has_precedent", !checked.decisions.empty());
    result->set("decisions", ToolOutput::decisions(checked.decisions, format));
    result->set("conflicts", ToolOutput::conflicts(checked.conflicts, format));
    return result;
}

Poco::JSON::Object::Ptr query(const McpServices& services, const McpCall& call, const ToolArguments& args)
{
    const auto format = *args.string("format");
    storage::DecisionFilter filter;
    if (auto agent = args.string("agent_id"))
        filter.agentIds = std::vector<std::string>{*agent};
    filter.decisionType = args.string("decision_type");
    filter.outcome = args.string("outcome");
    filter.confidenceMin = args.number("confidence_min");
    filter.sessionId = args.string("session_id");
    if (filter.sessionId && !auth::RandomId::isUuid(*filter.sessionId))
        throw ToolArgumentError("invalid arguments: argument \"session_id\" must be a UUID");
    filter.tool = args.string("tool");
    filter.model = args.string("model");
    filter.project = args.string("project");
    const int limit = static_cast<int>(*args.integer("limit"));
    const int offset = static_cast<int>(*args.integer("offset"));

    auto result = json::orderedObject();
    if (auto text = args.string("query"))
    {
        // A text query ranks by relevance: one page, as POST /v1/search answers.
        const auto found = searchText(services, call, *text, filter, limit);
        const auto decisions = decisionsOf(found);
        result->set("decisions", ToolOutput::decisions(decisions, format));
        result->set("total", static_cast<std::int64_t>(decisions.size()));
        result->set("has_more", false);
        result->set("search_mode", modeName(found.mode));
        return result;
    }
    services::QueryRequest request;
    request.filter = filter;
    request.limit = limit;
    request.offset = offset;
    const auto page = services.query->query(call.principal, request, std::nullopt);
    result->set("decisions", ToolOutput::decisions(page.decisions, format));
    if (page.count.total)
        result->set("total", *page.count.total);
    result->set("has_more", page.count.hasMore);
    result->set("limit", limit);
    result->set("offset", offset);
    return result;
}

Poco::JSON::Object::Ptr search(const McpServices& services, const McpCall& call, const ToolArguments& args)
{
    storage::DecisionFilter filter;
    filter.confidenceMin = args.number("confidence_min");
    const auto found = searchText(services, call, args.requiredString("query"), filter,
                                  static_cast<int>(*args.integer("limit")));
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const auto& item : found.results)
    {
        auto json = json::orderedObject();
        json->set("decision", ToolOutput::decision(item.decision, ToolOutput::kConcise));
        json->set("similarity_score", item.score);
        results->add(json);
    }
    auto result = json::orderedObject();
    result->set("results", results);
    result->set("search_mode", modeName(found.mode));
    return result;
}

Poco::JSON::Object::Ptr recent(const McpServices& services, const McpCall& call, const ToolArguments& args)
{
    services::RecentRequest request;
    request.agentId = args.string("agent_id");
    request.decisionType = args.string("decision_type");
    request.limit = static_cast<int>(*args.integer("limit"));
    const auto page = services.query->recent(call.principal, request, std::nullopt);
    auto result = json::orderedObject();
    result->set("decisions", ToolOutput::decisions(page.decisions, ToolOutput::kConcise));
    if (page.count.total)
        result->set("total", *page.count.total);
    result->set("has_more", page.count.hasMore);
    return result;
}
} // namespace

void registerDecisionReadTools(ToolRegistry& registry, const McpServices& services)
{
    registry.add({"akashi_check", "Check for precedents",
                  "Call BEFORE making a decision: returns earlier decisions of the same type (or matching the query) "
                  "and open conflicts about it, so you can reuse or deliberately depart from precedent.",
                  {param::text("decision_type", "kind of decision, e.g. architecture, model_selection, security", kTypeBytes),
                   param::text("query", "what you are about to decide, in words (enables semantic matching)", kQueryBytes),
                   param::text("agent_id", "only precedents of this agent", kAgentIdBytes),
                   param::text("project", "only precedents of this project", kShortTextBytes),
                   param::integer("limit", "maximum precedents", 1, 100, 5), formatParameter()},
                  true, [services](const McpCall& call, const ToolArguments& args) { return check(services, call, args); }});
    registry.add({"akashi_query", "Query decisions",
                  "Find decisions by exact filters (newest first, paged), or by relevance when `query` is given.",
                  {param::text("query", "free text; ranks by relevance instead of filtering only", kQueryBytes),
                   param::text("decision_type", "exact decision type", kTypeBytes),
                   param::text("agent_id", "exact agent id", kAgentIdBytes),
                   param::text("outcome", "exact outcome text", 32 * 1024),
                   param::number("confidence_min", "minimum confidence, 0 to 1", 0, 1),
                   param::text("session_id", "session UUID the decisions were traced in", 64),
                   param::text("tool", "tool that traced the decisions", kShortTextBytes),
                   param::text("model", "model that made the decisions", kShortTextBytes),
                   param::text("project", "project", kShortTextBytes),
                   param::integer("limit", "page size", 1, 100, 10),
                   param::integer("offset", "rows to skip (filters only)", 0, 100000, 0), formatParameter()},
                  true, [services](const McpCall& call, const ToolArguments& args) { return query(services, call, args); }});
    registry.add({"akashi_search", "Search decisions",
                  "Semantic search over decisions (full-text when no embedding model is available).",
                  {param::text("query", "what to look for", kQueryBytes, true),
                   param::integer("limit", "maximum results", 1, 100, 5),
                   param::number("confidence_min", "minimum confidence, 0 to 1", 0, 1)},
                  true, [services](const McpCall& call, const ToolArguments& args) { return search(services, call, args); }});
    registry.add({"akashi_recent", "Recent decisions", "The newest decisions you may see, optionally of one agent or type.",
                  {param::text("agent_id", "only this agent's decisions", kAgentIdBytes),
                   param::text("decision_type", "only this decision type", kTypeBytes),
                   param::integer("limit", "maximum decisions", 1, 100, 10)},
                  true, [services](const McpCall& call, const ToolArguments& args) { return recent(services, call, args); }});
}
} // namespace akashi::mcp
