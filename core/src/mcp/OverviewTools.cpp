#include "mcp/OverviewTools.h"

#include "json/JsonValues.h"
#include "mcp/ToolOutput.h"
#include "services/ConflictService.h"
#include "services/DecisionStatsService.h"

namespace akashi::mcp
{
namespace
{
Poco::JSON::Object::Ptr conflicts(const McpServices& services, const McpCall& call, const ToolArguments& args)
{
    storage::ConflictRepository::Filter filter;
    filter.decisionType = args.string("decision_type");
    filter.agentId = args.string("agent_id");
    if (const auto status = *args.string("status"); status != "all")
        filter.status = status;
    filter.severity = args.string("severity");
    filter.category = args.string("category");
    filter.project = args.string("project");
    const int limit = static_cast<int>(*args.integer("limit"));
    const int offset = static_cast<int>(*args.integer("offset"));
    const auto page = services.conflicts->list(call.principal, filter, limit, offset, std::nullopt);
    auto result = json::orderedObject();
    result->set("conflicts", ToolOutput::conflicts(page.conflicts, *args.string("format")));
    result->set("total", page.total);
    result->set("has_more", offset + static_cast<std::int64_t>(page.conflicts.size()) < page.total);
    return result;
}

Poco::JSON::Object::Ptr stats(const McpServices& services, const McpCall& call, const ToolArguments&)
{
    const auto stats = services.stats->stats(call.principal);
    const auto& counts = stats.counts;
    auto result = json::orderedObject();
    result->set("org_id", call.principal.orgId);
    result->set("decisions", counts.decisions);
    result->set("agents", counts.agents);
    result->set("agents_with_decisions", counts.agentsWithDecisions);
    result->set("open_conflicts", stats.openConflicts);
    result->set("assessments", counts.assessments);
    result->set("average_confidence", json::orNull(counts.averageConfidence));
    result->set("last_decision_at", json::orNull(counts.lastDecisionAt));
    Poco::JSON::Array::Ptr byType = new Poco::JSON::Array;
    for (const auto& [type, count] : counts.byType)
    {
        auto item = json::orderedObject();
        item->set("decision_type", type);
        item->set("count", count);
        byType->add(item);
    }
    result->set("by_type", byType);
    return result;
}
} // namespace

void registerOverviewTools(ToolRegistry& registry, const McpServices& services)
{
    registry.add({"akashi_conflicts", "List conflicts",
                  "Conflicting decisions between agents (or an agent and itself), open ones by default.",
                  {param::text("decision_type", "only this decision type", 1024),
                   param::text("agent_id", "only conflicts involving this agent", 255),
                   param::choice("status", "which conflicts", {"open", "resolved", "false_positive", "all"}, "open"),
                   param::choice("severity", "only this severity", {"critical", "high", "medium", "low"}),
                   param::choice("category", "only this category", {"factual", "assessment", "strategic", "temporal"}),
                   param::text("project", "only conflicts touching this project", 1024),
                   param::integer("limit", "page size", 1, 100, 10),
                   param::integer("offset", "rows to skip", 0, 100000, 0),
                   param::choice("format", "concise (default) or full", {ToolOutput::kConcise, ToolOutput::kFull},
                                 ToolOutput::kConcise)},
                  true,
                  [services](const McpCall& call, const ToolArguments& args) { return conflicts(services, call, args); }});
    registry.add({"akashi_stats", "Decision statistics",
                  "Counts of what you may see in your organisation: decisions (overall and per type), agents, open "
                  "conflicts, assessments.",
                  {}, true, [services](const McpCall& call, const ToolArguments& args) { return stats(services, call, args); }});
}
} // namespace akashi::mcp
