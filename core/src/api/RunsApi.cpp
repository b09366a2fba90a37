#include "api/RunsApi.h"

#include "api/IdempotentWrite.h"
#include "api/ReadAfterWrite.h"
#include "api/RunJson.h"
#include "common/Exception.h"
#include "http/QueryParams.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "ingest/BufferRejected.h"
#include "json/ObjectReader.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace akashi::api
{
namespace
{
constexpr std::size_t kMaxEventTypeBytes = 200;

std::string requiredRunId(const http::RequestContext& context)
{
    const auto& runId = context.pathParam("run_id");
    services::RunService::requireUuid("run_id", runId);
    return runId;
}

/// One element of `events`, decoded strictly with field names like `events[3].payload`.
services::RunService::NewEvent decodeEvent(const Poco::Dynamic::Var& item, std::size_t index, std::size_t maxBytes,
                                           const json::ObjectReader& outer)
{
    const std::string name = "events[" + std::to_string(index) + "]";
    if (item.type() != typeid(Poco::JSON::Object::Ptr))
        outer.fail(name, "must be an object");
    json::ObjectReader reader(item.extract<Poco::JSON::Object::Ptr>(), name + ".");
    services::RunService::NewEvent event;
    event.eventType = reader.requiredString("event_type", {1, kMaxEventTypeBytes});
    if (!RunJson::storableText(event.eventType))
        reader.fail("event_type", "must be valid UTF-8 without NUL characters");
    if (const auto occurred = reader.optionalString("occurred_at", {1, 64}))
    {
        event.occurredAt = Timestamp::parseRfc3339(*occurred);
        if (!event.occurredAt)
            reader.fail("occurred_at", "must be an RFC 3339 timestamp");
    }
    auto payload = reader.optionalObjectJson("payload", maxBytes);
    if (!payload)
        reader.fail("payload", "is required");
    if (const auto problem = RunJson::unstorable(payload->object); !problem.empty())
        reader.fail("payload", problem);
    event.payload = std::move(payload->text);
    reader.finish();
    return event;
}
} // namespace

bool RunsApi::prefersAsync(const std::string& prefer)
{
    Poco::StringTokenizer preferences(prefer, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& preference : preferences)
    {
        const std::string token = Poco::trim(preference.substr(0, preference.find(';')));
        if (Poco::icompare(token, "respond-async") == 0)
            return true;
    }
    return false;
}

void RunsApi::create(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response)
{
    const auto object = http::RequestBody::readJsonObject(request, context.maxBodyBytes());
    IdempotentWrite idempotent(_idempotency, context, request, object);
    if (idempotent.replay(response))
        return;
    json::ObjectReader body(object);
    services::RunService::CreateRequest create;
    create.agentId = body.requiredString("agent_id", {1, 255});
    create.traceId = body.optionalString("trace_id", {1, 255});
    create.parentRunId = body.optionalString("parent_run_id", {1, 64});
    create.metadata = body.objectText("metadata", kMaxMetadataBytes);
    body.finish();

    const auto written = _runs.create(context.principal(), std::move(create));
    idempotent.writeData(response, 201, RunJson::run(written.run), written.token);
}

void RunsApi::complete(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response)
{
    const std::string runId = requiredRunId(context);
    // The SDKs may send no body at all: that completes the run.
    const std::string text = http::RequestBody::readText(request, context.maxBodyBytes());
    const bool empty = text.find_first_not_of(" \t\r\n") == std::string::npos;
    const auto object = empty ? Poco::JSON::Object::Ptr(new Poco::JSON::Object) : http::RequestBody::parseJsonObject(text);
    IdempotentWrite idempotent(_idempotency, context, request, object);
    if (idempotent.replay(response))
        return;
    json::ObjectReader body(object);
    std::string status = body.optionalString("status", {0, 32}).value_or("");
    if (status.empty())
        status = "completed";
    const std::string metadata = body.objectText("metadata", kMaxMetadataBytes);
    body.finish();

    const auto written = _runs.complete(context.principal(), runId, status, metadata);
    idempotent.writeData(response, 200, RunJson::run(written.run), written.token);
}

void RunsApi::get(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                  Poco::Net::HTTPServerResponse& response)
{
    const std::string runId = requiredRunId(context);
    const auto token = ReadAfterWrite::fromQuery(http::QueryParams(request));

    const auto detail = _runs.get(context.principal(), runId, token);
    http::ResponseWriter::writeData(response, context, 200, RunJson::runDetail(detail));
}

void RunsApi::appendEvents(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response)
{
    const std::string runId = requiredRunId(context);
    const bool async = prefersAsync(request.get("Prefer", ""));
    auto object = http::RequestBody::readJsonObject(request, context.maxBodyBytes());
    IdempotentWrite idempotent(_idempotency, context, request, object);
    if (idempotent.replay(response))
        return;
    // `events` is an array of objects, which ObjectReader has no accessor for: it is decoded here and the
    // rest of the body goes through the reader (so unknown fields are still refused).
    const Poco::Dynamic::Var items = object->has("events") ? object->get("events") : Poco::Dynamic::Var();
    Poco::JSON::Object::Ptr rest = new Poco::JSON::Object(*object);
    rest->remove("events");
    json::ObjectReader body(rest);
    if (items.isEmpty())
        body.fail("events", "is required");
    if (items.type() != typeid(Poco::JSON::Array::Ptr))
        body.fail("events", "must be an array of objects");
    const auto array = items.extract<Poco::JSON::Array::Ptr>();
    if (array->size() == 0)
        body.fail("events", "must not be empty");
    if (array->size() > kMaxEventsPerRequest)
        body.fail("events", "must have at most " + std::to_string(kMaxEventsPerRequest) + " items");
    std::vector<services::RunService::NewEvent> events;
    events.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
        events.push_back(decodeEvent(array->get(static_cast<unsigned>(i)), i, context.maxBodyBytes(), body));
    body.finish();

    ingest::EventBuffer::Receipt receipt;
    try
    {
        receipt = _runs.appendEvents(context.principal(), runId, std::move(events), !async);
    }
    catch (const ingest::BufferRejected& rejected)
    {
        // Not a second error handler: the dispatcher still writes the envelope; this only adds the header.
        response.set("Retry-After", std::to_string(rejected.retryAfterSeconds()));
        throw;
    }
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
    for (const auto& id : receipt.eventIds)
        ids->add(id);
    data->set("accepted", static_cast<std::int64_t>(receipt.eventIds.size()));
    data->set("event_ids", ids);
    data->set("status", receipt.persisted ? "persisted" : "buffered");
    if (!receipt.persisted)
        data->set("message", async ? "events buffered; they are written within the flush interval. Not yet durable: "
                                     "read with min_visibility_token to wait until they are"
                                   : "events buffered, not yet persisted: the database did not accept them in time; "
                                     "they will be written without being sent again. Read with "
                                     "min_visibility_token to wait until they are");
    idempotent.writeData(response, receipt.persisted ? 200 : 202, data, receipt.token);
}
} // namespace akashi::api
