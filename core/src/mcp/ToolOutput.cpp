#include "mcp/ToolOutput.h"

#include "api/DecisionJson.h"
#include "json/JsonValues.h"

namespace akashi::mcp
{
Poco::JSON::Object::Ptr ToolOutput::decision(const storage::DecisionRecord& decision, const std::string& format)
{
    if (format == kFull)
        return api::DecisionJson::decision(decision);
    auto json = json::orderedObject();
    json->set("id", decision.id);
    json->set("agent_id", decision.agentId);
    json->set("decision_type", decision.decisionType);
    json->set("outcome", decision.outcome);
    json->set("confidence", decision.confidence);
    if (decision.reasoning)
        json->set("reasoning", *decision.reasoning);
    if (decision.project)
        json->set("project", *decision.project);
    json->set("valid_from", decision.validFrom);
    if (decision.validTo)
        json->set("valid_to", *decision.validTo);
    return json;
}

Poco::JSON::Array::Ptr ToolOutput::decisions(const std::vector<storage::DecisionRecord>& decisions,
                                             const std::string& format)
{
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& decision : decisions)
        items->add(ToolOutput::decision(decision, format));
    return items;
}

Poco::JSON::Array::Ptr ToolOutput::conflicts(const std::vector<storage::ConflictRecord>& conflicts,
                                             const std::string& format)
{
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& conflict : conflicts)
    {
        if (format == kFull)
        {
            items->add(api::DecisionJson::conflict(conflict));
            continue;
        }
        auto json = json::orderedObject();
        json->set("id", conflict.id);
        json->set("decision_type", conflict.decisionType);
        json->set("status", conflict.status);
        json->set("agent_a", conflict.agentA);
        json->set("outcome_a", conflict.outcomeA);
        json->set("decision_a_id", conflict.decisionAId);
        json->set("agent_b", conflict.agentB);
        json->set("outcome_b", conflict.outcomeB);
        json->set("decision_b_id", conflict.decisionBId);
        if (conflict.severity)
            json->set("severity", *conflict.severity);
        if (conflict.significance)
            json->set("significance", *conflict.significance);
        json->set("detected_at", conflict.detectedAt);
        items->add(json);
    }
    return items;
}
} // namespace akashi::mcp
