#include "api/RunJson.h"

#include "api/DecisionJson.h"

#include "common/Timestamp.h"
#include "json/JsonValues.h"

#include <Poco/JSON/Parser.h>

#include <cmath>

namespace akashi::api
{
using json::orderedObject;
using json::orNull;

namespace
{

/// Length of the UTF-8 sequence starting at `text[i]`, 0 when it is not a valid one (overlong forms,
/// surrogates and code points above U+10FFFF included).
std::size_t sequenceLength(const std::string& text, std::size_t i) noexcept
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    std::uint32_t point = 0;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2, point = lead & 0x1F;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3, point = lead & 0x0F;
    else if (lead >= 0xF0 && lead <= 0xF4)
        length = 4, point = lead & 0x07;
    else
        return 0;
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k)
    {
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
        point = (point << 6) | (byte(i + k) & 0x3F);
    }
    if ((length == 3 && (point < 0x800 || (point >= 0xD800 && point <= 0xDFFF))) ||
        (length == 4 && (point < 0x10000 || point > 0x10FFFF)))
        return 0;
    return length;
}
} // namespace

Poco::JSON::Object::Ptr RunJson::run(const storage::RunRecord& run)
{
    auto json = orderedObject();
    json->set("id", run.id);
    json->set("agent_id", run.agentId);
    json->set("org_id", run.orgId);
    json->set("trace_id", orNull(run.traceId));
    json->set("parent_run_id", orNull(run.parentRunId));
    json->set("status", run.status);
    json->set("started_at", run.startedAt);
    json->set("completed_at", orNull(run.completedAt));
    json->set("metadata", Poco::JSON::Parser().parse(run.metadata));
    json->set("created_at", run.createdAt);
    return json;
}

Poco::JSON::Object::Ptr RunJson::event(const storage::EventRecord& event)
{
    auto json = orderedObject();
    json->set("id", event.id);
    json->set("run_id", event.runId);
    json->set("org_id", event.orgId);
    json->set("event_type", event.eventType);
    json->set("sequence_num", event.sequenceNum);
    json->set("occurred_at", Timestamp::toRfc3339(event.occurredAt));
    json->set("agent_id", event.agentId);
    json->set("payload", Poco::JSON::Parser().parse(event.payload));
    json->set("created_at", event.createdAt);
    return json;
}

Poco::JSON::Object::Ptr RunJson::runDetail(const services::RunService::RunDetail& detail)
{
    Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
    for (const auto& event : detail.events)
        events->add(RunJson::event(event));
    auto json = orderedObject();
    json->set("run", RunJson::run(detail.run));
    json->set("events", events);
    json->set("decisions", DecisionJson::decisions(detail.decisions));
    const bool decisionsTruncated = detail.totalDecisions > static_cast<std::int64_t>(detail.decisions.size());
    if (detail.eventsTruncated || decisionsTruncated)
        json->set("truncated", true);
    if (detail.eventsTruncated)
        json->set("truncated_events", true);
    if (decisionsTruncated)
    {
        json->set("truncated_decisions", true);
        json->set("total_decisions", detail.totalDecisions);
    }
    return json;
}

bool RunJson::storableText(const std::string& text) noexcept
{
    for (std::size_t i = 0; i < text.size();)
    {
        if (text[i] == '\0')
            return false;
        const std::size_t length = sequenceLength(text, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

std::string RunJson::unstorable(const Poco::Dynamic::Var& value)
{
    if (value.type() == typeid(Poco::JSON::Object::Ptr))
    {
        const auto object = value.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, member] : *object)
        {
            if (!storableText(key))
                return "contains a key that is not valid UTF-8 or contains a NUL character";
            if (auto problem = unstorable(member); !problem.empty())
                return problem;
        }
        return {};
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr))
    {
        const auto array = value.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i)
            if (auto problem = unstorable(array->get(static_cast<unsigned>(i))); !problem.empty())
                return problem;
        return {};
    }
    if (value.isString())
        return storableText(value.extract<std::string>())
                   ? std::string()
                   : "contains a string that is not valid UTF-8 or contains a NUL character";
    if (value.isNumeric() && !value.isInteger() && !value.isBoolean() && !std::isfinite(value.convert<double>()))
        return "contains a number out of range";
    return {};
}
} // namespace akashi::api
