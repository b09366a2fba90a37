#include "mcp/DecisionWriteTools.h"

#include "api/AssessmentsApi.h"
#include "api/TraceRequestDecoder.h"
#include "json/JsonValues.h"
#include "services/AssessmentService.h"
#include "services/TraceService.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

namespace akashi::mcp
{
namespace
{
using Decoder = api::TraceRequestDecoder;

/// `alternatives` and `evidence` arrive as JSON text (HEAD's tool takes strings: not every client can
/// send nested arrays). Parsed here; their fields are then checked by the REST decoder.
Poco::JSON::Array::Ptr jsonArrayArgument(const ToolArguments& args, const std::string& name, const std::string& shape)
{
    const auto text = args.string(name);
    if (!text)
        return nullptr;
    try
    {
        const auto value = Poco::JSON::Parser().parse(*text);
        if (value.type() == typeid(Poco::JSON::Array::Ptr))
            return value.extract<Poco::JSON::Array::Ptr>();
    }
    catch (const Poco::Exception&)
    {
    }
    throw ToolArgumentError("invalid arguments: argument \"" + name + "\" must be a JSON array of " + shape);
}

Poco::JSON::Object::Ptr trace(const McpServices& services, const McpCall& call, const ToolArguments& args)
{
    // The REST body, so that TraceRequestDecoder applies every rule of POST /v1/trace.
    auto decision = json::orderedObject();
    decision->set("decision_type", args.requiredString("decision_type"));
    decision->set("outcome", args.requiredString("outcome"));
    decision->set("confidence", *args.number("confidence"));
    if (auto reasoning = args.string("reasoning"))
        decision->set("reasoning", *reasoning);
    if (auto alternatives = jsonArrayArgument(args, "alternatives", "{label, rejection_reason?} objects"))
        decision->set("alternatives", alternatives);
    if (auto evidence = jsonArrayArgument(args, "evidence", "{source_type, content, source_uri?} objects"))
        decision->set("evidence", evidence);
    auto body = json::orderedObject();
    body->set("agent_id", args.string("agent_id").value_or(call.principal.agentId));
    body->set("decision", decision);
    for (const char* field : {"precedent_ref", "precedent_reason", "supersedes_id"})
        if (auto value = args.string(field))
            body->set(field, *value);
    const Decoder::Headers headers{std::nullopt, std::string("akashi-mcp"), args.string("model")};
    const auto recorded = services.trace->record(call.principal, Decoder::decode(body, headers));
    auto result = json::orderedObject();
    result->set("run_id", recorded.runId);
    result->set("decision_id", recorded.decisionId);
    result->set("event_count", recorded.eventCount);
    return result;
}

Poco::JSON::Object::Ptr assess(const McpServices& services, const McpCall& call, const ToolArguments& args)
{
    const auto recorded = services.assessments->assess(call.principal, args.requiredString("decision_id"),
                                                       args.requiredString("outcome"), args.string("notes"));
    return api::AssessmentsApi::assessmentJson(recorded.assessment);
}
} // namespace

void registerDecisionWriteTools(ToolRegistry& registry, const McpServices& services)
{
    ToolParameter notes;
    notes.name = "notes";
    notes.description = "why, in a sentence or two";
    notes.maxLength = services::AssessmentService::kMaxNotesBytes;

    ToolParameter reasoning;
    reasoning.name = "reasoning";
    reasoning.description = "why this outcome, and what was weighed";
    reasoning.maxLength = Decoder::kMaxReasoningBytes;

    registry.add({"akashi_trace", "Record a decision",
                  "Call AFTER making a decision: records what you decided, how confident you are and why, so other "
                  "agents (and you, later) can find it as precedent.",
                  {param::text("decision_type", "kind of decision, e.g. architecture, model_selection, security",
                               Decoder::kMaxDecisionTypeBytes, true),
                   param::text("outcome", "what was decided", Decoder::kMaxOutcomeBytes, true),
                   param::text("agent_id", "the deciding agent; defaults to you (admins may name another)", 255),
                   param::number("confidence", "0 to 1", 0, 1, 0.4), reasoning,
                   param::text("model", "model that made the decision", Decoder::kMaxHeaderValueBytes),
                   param::text("alternatives", "JSON array of {label, rejection_reason?} objects considered and rejected",
                               64 * 1024),
                   param::text("evidence", "JSON array of {source_type, content, source_uri?} objects supporting it",
                               256 * 1024),
                   param::text("precedent_ref", "UUID of an earlier decision this one follows", 64),
                   param::text("precedent_reason", "how the precedent applies (needs precedent_ref)",
                               Decoder::kMaxPrecedentReasonBytes),
                   param::text("supersedes_id", "UUID of your earlier decision this one replaces", 64)},
                  false, [services](const McpCall& call, const ToolArguments& args) { return trace(services, call, args); }});
    registry.add({"akashi_assess", "Assess a decision",
                  "Record whether an earlier decision turned out correct, incorrect or partially correct.",
                  {param::text("decision_id", "UUID of the decision", 64, true),
                   param::choice("outcome", "the verdict", {"correct", "incorrect", "partially_correct"}, {}, true),
                   notes},
                  false, [services](const McpCall& call, const ToolArguments& args) { return assess(services, call, args); }});
}
} // namespace akashi::mcp
