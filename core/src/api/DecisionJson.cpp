#include "api/DecisionJson.h"

#include "json/JsonValues.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace akashi::api
{
using json::orderedObject;

namespace
{
Poco::Dynamic::Var parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text);
}

template <typename T>
void setIf(Poco::JSON::Object::Ptr& json, const std::string& key, const std::optional<T>& value)
{
    if (value)
        json->set(key, *value);
}

void setJsonIf(Poco::JSON::Object::Ptr& json, const std::string& key, const std::optional<std::string>& text)
{
    if (text)
        json->set(key, parseJson(*text));
}
} // namespace

Poco::JSON::Object::Ptr DecisionJson::decision(const storage::DecisionRecord& d)
{
    auto json = orderedObject();
    json->set("id", d.id);
    json->set("run_id", d.runId);
    json->set("agent_id", d.agentId);
    json->set("org_id", d.orgId);
    json->set("decision_type", d.decisionType);
    json->set("outcome", d.outcome);
    json->set("confidence", d.confidence);
    setIf(json, "reasoning", d.reasoning);
    json->set("metadata", parseJson(d.metadata));
    json->set("completeness_score", d.completenessScore);
    setIf(json, "outcome_score", d.outcomeScore);
    setIf(json, "precedent_ref", d.precedentRef);
    setIf(json, "precedent_reason", d.precedentReason);
    setIf(json, "supersedes_id", d.supersedesId);
    setIf(json, "content_hash", d.contentHash);
    json->set("valid_from", d.validFrom);
    setIf(json, "valid_to", d.validTo);
    json->set("transaction_time", d.transactionTime);
    json->set("created_at", d.createdAt);
    setIf(json, "session_id", d.sessionId);
    setJsonIf(json, "agent_context", d.agentContext);
    setIf(json, "tool", d.tool);
    setIf(json, "model", d.model);
    setIf(json, "project", d.project);
    setIf(json, "api_key_id", d.apiKeyId);
    json->set("conflict_count", d.conflictCount);
    json->set("precedent_citation_count", d.precedentCitationCount);
    json->set("supersession_velocity_hours",
              d.supersessionVelocityHours ? Poco::Dynamic::Var(*d.supersessionVelocityHours) : Poco::Dynamic::Var());
    if (d.alternatives)
    {
        Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
        for (const auto& alternative : *d.alternatives)
            items->add(DecisionJson::alternative(alternative));
        json->set("alternatives", items);
    }
    if (d.evidence)
    {
        Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
        for (const auto& evidence : *d.evidence)
            items->add(DecisionJson::evidence(evidence));
        json->set("evidence", items);
    }
    return json;
}

Poco::JSON::Array::Ptr DecisionJson::decisions(const std::vector<storage::DecisionRecord>& decisions)
{
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& d : decisions)
        items->add(decision(d));
    return items;
}

Poco::JSON::Object::Ptr DecisionJson::alternative(const storage::AlternativeRecord& a)
{
    auto json = orderedObject();
    json->set("id", a.id);
    json->set("decision_id", a.decisionId);
    json->set("label", a.label);
    setIf(json, "rejection_reason", a.rejectionReason);
    json->set("metadata", parseJson(a.metadata));
    json->set("created_at", a.createdAt);
    return json;
}

Poco::JSON::Object::Ptr DecisionJson::evidence(const storage::EvidenceRecord& e)
{
    auto json = orderedObject();
    json->set("id", e.id);
    json->set("decision_id", e.decisionId);
    json->set("org_id", e.orgId);
    json->set("source_type", e.sourceType);
    setIf(json, "source_uri", e.sourceUri);
    json->set("content", e.content);
    setIf(json, "relevance_score", e.relevanceScore);
    setJsonIf(json, "metrics", e.metrics);
    json->set("metadata", parseJson(e.metadata));
    json->set("created_at", e.createdAt);
    return json;
}

Poco::JSON::Object::Ptr DecisionJson::conflict(const storage::ConflictRecord& c)
{
    auto json = orderedObject();
    json->set("id", c.id);
    json->set("conflict_kind", c.conflictKind);
    json->set("decision_a_id", c.decisionAId);
    json->set("decision_b_id", c.decisionBId);
    json->set("org_id", c.orgId);
    json->set("agent_a", c.agentA);
    json->set("agent_b", c.agentB);
    json->set("run_a", c.runA);
    json->set("run_b", c.runB);
    json->set("decision_type", c.decisionType);
    json->set("decision_type_a", c.decisionTypeA);
    json->set("decision_type_b", c.decisionTypeB);
    json->set("outcome_a", c.outcomeA);
    json->set("outcome_b", c.outcomeB);
    json->set("confidence_a", c.confidenceA);
    json->set("confidence_b", c.confidenceB);
    setIf(json, "reasoning_a", c.reasoningA);
    setIf(json, "reasoning_b", c.reasoningB);
    json->set("decided_at_a", c.decidedAtA);
    json->set("decided_at_b", c.decidedAtB);
    json->set("detected_at", c.detectedAt);
    setIf(json, "topic_similarity", c.topicSimilarity);
    setIf(json, "outcome_divergence", c.outcomeDivergence);
    setIf(json, "significance", c.significance);
    setIf(json, "scoring_method", c.scoringMethod);
    setIf(json, "explanation", c.explanation);
    setIf(json, "relationship", c.relationship);
    setIf(json, "category", c.category);
    setIf(json, "severity", c.severity);
    json->set("status", c.status);
    setIf(json, "resolved_by", c.resolvedBy);
    setIf(json, "resolved_at", c.resolvedAt);
    setIf(json, "resolution_note", c.resolutionNote);
    setIf(json, "resolution_decision_id", c.resolutionDecisionId);
    setIf(json, "winning_decision_id", c.winningDecisionId);
    setIf(json, "false_positive_label", c.falsePositiveLabel);
    setIf(json, "group_id", c.groupId);
    setIf(json, "project_a", c.projectA);
    setIf(json, "project_b", c.projectB);
    return json;
}

std::string DecisionJson::line(const storage::DecisionRecord& d)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(decision(d), out, Poco::JSON_WRAP_STRINGS);
    return out.str();
}
} // namespace akashi::api
