#include "api/QueryApi.h"

#include "api/DecisionJson.h"
#include "api/ReadAfterWrite.h"
#include "auth/RandomId.h"
#include "common/Timestamp.h"
#include "http/QueryParams.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/ObjectReader.h"
#include "storage/DecisionFilterSql.h"

#include <algorithm>

namespace akashi::api
{
namespace
{
constexpr std::size_t kMaxFilterAgents = 1000;
constexpr json::ObjectReader::Length kAgentId{1, 255};
constexpr json::ObjectReader::Length kShortText{1, 1024};
constexpr json::ObjectReader::Length kOutcome{1, 32 * 1024};
constexpr json::ObjectReader::Length kUuid{1, 64};
constexpr std::size_t kMaxFiltersBytes = 256 * 1024;

int clamp(std::optional<std::int64_t> value, int fallback, int min, int max)
{
    return value ? static_cast<int>(std::clamp<std::int64_t>(*value, min, max)) : fallback;
}

std::optional<std::string> optionalUuid(json::ObjectReader& body, const std::string& field)
{
    auto value = body.optionalString(field, kUuid);
    if (value && !auth::RandomId::isUuid(*value))
        body.fail(field, "must be a UUID");
    return value;
}

/// An RFC 3339 field as a SQL parameter.
std::optional<std::string> optionalTime(json::ObjectReader& body, const std::string& field)
{
    const auto text = body.optionalString(field, kShortText);
    if (!text)
        return std::nullopt;
    const auto parsed = Timestamp::parseRfc3339(*text);
    if (!parsed)
        body.fail(field, "must be an RFC 3339 timestamp");
    return Timestamp::toSqlParameter(*parsed);
}

Poco::JSON::Object::Ptr requiredObject(json::ObjectReader& body, const std::string& field)
{
    auto object = body.optionalObject(field, kMaxFiltersBytes);
    if (!object)
        body.fail(field, "is required");
    return object;
}
} // namespace

storage::DecisionFilter QueryApi::decodeFilters(json::ObjectReader& body)
{
    return filtersFrom(requiredObject(body, "filters"));
}

storage::DecisionFilter QueryApi::decodeOptionalFilters(json::ObjectReader& body)
{
    const auto object = body.optionalObject("filters", kMaxFiltersBytes);
    return object ? filtersFrom(object) : storage::DecisionFilter{};
}

storage::DecisionFilter QueryApi::filtersFrom(Poco::JSON::Object::Ptr object)
{
    json::ObjectReader filters(std::move(object), "filters.");
    storage::DecisionFilter filter;
    filter.agentIds = filters.optionalStringArray("agent_id", kMaxFilterAgents, kAgentId);
    filter.runId = optionalUuid(filters, "run_id");
    filter.decisionType = filters.optionalString("decision_type", kShortText);
    filter.confidenceMin = filters.optionalNumber("confidence_min");
    if (filter.confidenceMin && (*filter.confidenceMin < 0 || *filter.confidenceMin > 1))
        filters.fail("confidence_min", "must be between 0 and 1");
    filter.outcome = filters.optionalString("outcome", kOutcome);
    if (auto range = filters.optionalObject("time_range", kMaxFiltersBytes))
    {
        json::ObjectReader timeRange(range, "filters.time_range.");
        filter.from = optionalTime(timeRange, "from");
        filter.to = optionalTime(timeRange, "to");
        timeRange.finish();
    }
    filter.sessionId = optionalUuid(filters, "session_id");
    filter.tool = filters.optionalString("tool", kShortText);
    filter.model = filters.optionalString("model", kShortText);
    filter.project = filters.optionalString("project", kShortText);
    filters.finish();
    return filter;
}

void QueryApi::query(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams params(request);
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    services::QueryRequest query;
    query.filter = decodeFilters(body);
    for (const auto& item : body.optionalStringArray("include", 2, {1, 32}).value_or(std::vector<std::string>{}))
    {
        if (item == "alternatives")
            query.includeAlternatives = true;
        else if (item == "evidence")
            query.includeEvidence = true;
        else
            body.fail("include", "must contain only \"alternatives\" and \"evidence\"");
    }
    if (auto orderBy = body.optionalString("order_by", {1, 64}))
    {
        if (!storage::DecisionFilterSql::isOrderColumn(*orderBy))
            body.fail("order_by", "must be one of confidence, valid_from, decision_type, outcome, completeness_score, "
                                  "outcome_score, agent_id, project");
        query.order.column = *orderBy;
    }
    if (auto direction = body.optionalString("order_dir", {1, 8}))
    {
        if (*direction != "asc" && *direction != "desc")
            body.fail("order_dir", "must be \"asc\" or \"desc\"");
        query.order.descending = *direction == "desc";
    }
    query.limit = clamp(body.optionalInteger("limit"), 50, 1, 1000);
    query.offset = clamp(body.optionalInteger("offset"), 0, 0, 100000);
    if (auto traceId = body.optionalString("trace_id", kShortText))
        query.filter.traceId = traceId;
    const auto token = ReadAfterWrite::fromBody(body, params);
    body.finish();

    const auto page = _queries.query(context.principal(), query, token);
    http::ResponseWriter::writeList(response, context, DecisionJson::decisions(page.decisions), page.count.total,
                                    page.count.hasMore, query.limit, query.offset);
}

void QueryApi::temporal(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                        Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams params(request);
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    services::TemporalQueryRequest temporal;
    const auto asOfText = body.requiredString("as_of", kShortText);
    const auto asOf = Timestamp::parseRfc3339(asOfText);
    if (!asOf)
        body.fail("as_of", "must be an RFC 3339 timestamp");
    if (*asOf > Timestamp::now() + kAsOfFutureTolerance)
        body.fail("as_of", "must not be more than 1 minute in the future");
    temporal.asOf = Timestamp::toSqlParameter(*asOf);
    temporal.filter = decodeFilters(body);
    temporal.limit = clamp(body.optionalInteger("limit"), 100, 1, 1000);
    const auto token = ReadAfterWrite::fromBody(body, params);
    body.finish();

    const auto decisions = _queries.temporal(context.principal(), temporal, token);
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("as_of", Timestamp::toRfc3339(*asOf));
    data->set("decisions", DecisionJson::decisions(decisions));
    http::ResponseWriter::writeData(response, context, 200, data);
}

void QueryApi::check(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams params(request);
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    services::CheckRequest check;
    check.decisionType = body.requiredString("decision_type", {1, 200});
    check.query = body.optionalString("query", {1, 4096});
    check.agentId = body.optionalString("agent_id", kAgentId);
    check.limit = clamp(body.optionalInteger("limit"), 5, 1, 1000);
    check.project = body.optionalString("project", kShortText);
    const auto token = ReadAfterWrite::fromBody(body, params);
    body.finish();

    const auto result = _queries.check(context.principal(), check, token);
    Poco::JSON::Array::Ptr conflicts = new Poco::JSON::Array;
    for (const auto& conflict : result.conflicts)
        conflicts->add(DecisionJson::conflict(conflict));
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("has_precedent", !result.decisions.empty());
    data->set("decisions", DecisionJson::decisions(result.decisions));
    data->set("conflicts", conflicts);
    http::ResponseWriter::writeData(response, context, 200, data);
}
} // namespace akashi::api
