#include "Workload.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace akashi::bench
{
namespace
{
std::string toJson(const Poco::JSON::Object& object)
{
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr labelled(const std::string& label, const std::string& reason)
{
    Poco::JSON::Object::Ptr alternative = new Poco::JSON::Object;
    alternative->set("label", label);
    alternative->set("rejection_reason", reason);
    return alternative;
}
} // namespace

const char* Workload::eventPayload()
{
    return R"({"tool":"search","step":7,"tokens":128,"ok":true,"note":"akashi-bench synthetic event"})";
}

const char* Workload::eventType()
{
    return "ToolCallCompleted";
}

const char* Workload::decisionType()
{
    return "bench_choice";
}

Workload Workload::events(const std::vector<std::string>& runIds, std::size_t batch)
{
    Workload workload;
    for (const auto& run : runIds)
        workload.paths.push_back("/v1/runs/" + run + "/events");
    Poco::JSON::Parser parser;
    const auto payload = parser.parse(eventPayload());
    Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
    for (std::size_t i = 0; i < batch; ++i)
    {
        Poco::JSON::Object::Ptr event = new Poco::JSON::Object;
        event->set("event_type", std::string(eventType()));
        event->set("payload", payload);
        events->add(event);
    }
    Poco::JSON::Object body;
    body.set("events", events);
    workload.body = toJson(body);
    workload.expectedStatus = 200;
    workload.mustContain = "\"persisted\"";
    workload.rowsPerRequest = batch;
    return workload;
}

Workload Workload::trace(const std::string& agentId, std::size_t clients)
{
    Workload workload;
    workload.paths.assign(clients, "/v1/trace");
    Poco::JSON::Array::Ptr alternatives = new Poco::JSON::Array;
    alternatives->add(labelled("retry with exponential backoff", "slower to recover than the chosen option"));
    alternatives->add(labelled("fail the job immediately", "loses work that a retry would save"));
    Poco::JSON::Array::Ptr evidence = new Poco::JSON::Array;
    Poco::JSON::Object::Ptr document = new Poco::JSON::Object;
    document->set("source_type", std::string("document"));
    document->set("content", std::string("Runbook section 4: transient upstream errors clear within 30 seconds."));
    document->set("source_uri", std::string("https://example.com/runbook#transient-errors"));
    evidence->add(document);
    Poco::JSON::Object::Ptr tool = new Poco::JSON::Object;
    tool->set("source_type", std::string("tool_output"));
    tool->set("content", std::string("upstream status: 503 for 12 s, then 200"));
    evidence->add(tool);
    Poco::JSON::Object::Ptr decision = new Poco::JSON::Object;
    decision->set("decision_type", std::string(decisionType()));
    decision->set("outcome", std::string("requeue the job behind a circuit breaker"));
    decision->set("confidence", 0.82);
    decision->set("reasoning", std::string("The upstream outage is transient per the runbook and the tool output; "
                                           "requeueing keeps the work without hammering the upstream."));
    decision->set("alternatives", alternatives);
    decision->set("evidence", evidence);
    Poco::JSON::Object body;
    body.set("agent_id", agentId);
    body.set("decision", decision);
    workload.body = toJson(body);
    workload.expectedStatus = 201;
    workload.mustContain = "\"decision_id\"";
    return workload;
}

Workload Workload::query(std::size_t clients)
{
    Workload workload;
    workload.paths.assign(clients, "/v1/query");
    Poco::JSON::Object::Ptr filters = new Poco::JSON::Object;
    filters->set("decision_type", std::string(decisionType()));
    Poco::JSON::Object body;
    body.set("filters", filters);
    body.set("limit", 20);
    workload.body = toJson(body);
    workload.expectedStatus = 200;
    workload.mustContain = "\"data\"";
    return workload;
}
} // namespace akashi::bench
