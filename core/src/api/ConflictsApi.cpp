#include "api/ConflictsApi.h"

#include "api/DecisionJson.h"
#include "api/ReadAfterWrite.h"
#include "api/RunJson.h"
#include "common/Exception.h"
#include "http/QueryParams.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/JsonValues.h"
#include "json/ObjectReader.h"

#include <Poco/JSON/Array.h>

#include <initializer_list>
#include <string_view>
#include <vector>

namespace akashi::api
{
namespace
{
constexpr std::size_t kMaxAgentIdBytes = 255;
constexpr std::size_t kMaxTextParameterBytes = 1024;

[[noreturn]] void badParameter(const std::string& name, const std::string& problem)
{
    throw Exception(ErrorCode::invalidInput, "query parameter \"" + name + "\" " + problem);
}

/// A non-empty text parameter: bounded, and storable (PostgreSQL refuses invalid UTF-8 with a 500).
std::optional<std::string> textParameter(const http::QueryParams& query, const std::string& name, std::size_t maxBytes)
{
    auto text = query.get(name);
    if (!text || text->empty())
        return std::nullopt;
    if (text->size() > maxBytes)
        badParameter(name, "must be at most " + std::to_string(maxBytes) + " bytes");
    if (!RunJson::storableText(*text))
        badParameter(name, "must be valid UTF-8 without NUL characters");
    return text;
}

/// A parameter restricted to the values of a CHECK constraint or the reference's enum.
std::optional<std::string> enumParameter(const http::QueryParams& query, const std::string& name,
                                         std::initializer_list<std::string_view> allowed)
{
    auto text = query.get(name);
    if (!text || text->empty())
        return std::nullopt;
    std::string list;
    for (const auto value : allowed)
    {
        if (*text == value)
            return text;
        list += (list.empty() ? "" : ", ") + std::string(value);
    }
    badParameter(name, "must be one of " + list);
}

std::optional<std::string> statusParameter(const http::QueryParams& query)
{
    return enumParameter(query, "status", {"open", "resolved", "false_positive"});
}

Poco::JSON::Array::Ptr conflictArray(const std::vector<storage::ConflictRecord>& conflicts)
{
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& conflict : conflicts)
        items->add(DecisionJson::conflict(conflict));
    return items;
}

Poco::JSON::Object::Ptr recommendationJson(const services::ConflictRecommendation::Recommendation& recommendation)
{
    auto json = json::orderedObject();
    json->set("suggested_winner", recommendation.suggestedWinner);
    Poco::JSON::Array::Ptr reasons = new Poco::JSON::Array;
    for (const auto& reason : recommendation.reasons)
        reasons->add(reason);
    json->set("reasons", reasons);
    json->set("confidence", recommendation.confidence);
    return json;
}
} // namespace

void ConflictsApi::list(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                        Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    storage::ConflictRepository::Filter filter;
    filter.decisionType = textParameter(query, "decision_type", kMaxTextParameterBytes);
    filter.agentId = textParameter(query, "agent_id", kMaxAgentIdBytes);
    filter.conflictKind = enumParameter(query, "conflict_kind", {"cross_agent", "self_contradiction"});
    filter.status = statusParameter(query);
    filter.severity = enumParameter(query, "severity", {"critical", "high", "medium", "low"});
    filter.category = enumParameter(query, "category", {"factual", "assessment", "strategic", "temporal"});
    filter.project = textParameter(query, "project", kMaxTextParameterBytes);
    const int limit = query.limit(kDefaultLimit);
    const int offset = query.offset();
    const auto page = _conflicts.list(context.principal(), filter, limit, offset, ReadAfterWrite::fromQuery(query));
    http::ResponseWriter::writePage(response, context, conflictArray(page.conflicts), page.total, limit, offset);
}

void ConflictsApi::get(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const auto detail = _conflicts.get(context.principal(), context.pathParam("id"), ReadAfterWrite::fromQuery(query));
    auto data = DecisionJson::conflict(detail.conflict);
    if (detail.recommendation)
        data->set("recommendation", recommendationJson(*detail.recommendation));
    http::ResponseWriter::writeData(response, context, 200, data);
}

void ConflictsApi::patch(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response)
{
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    services::ConflictService::StatusChange change;
    change.status = body.requiredString("status", {1, 64});
    change.resolutionNote =
        body.optionalString("resolution_note", {0, services::ConflictService::kMaxResolutionNoteBytes});
    if (change.resolutionNote && !RunJson::storableText(*change.resolutionNote))
        body.fail("resolution_note", "must be valid UTF-8 without NUL characters");
    change.winningDecisionId = body.optionalString("winning_decision_id", {1, 64});
    change.falsePositiveLabel = body.optionalString("false_positive_label", {1, 64});
    body.finish();
    const auto updated = _conflicts.patch(context.principal(), context.pathParam("id"), change);
    ReadAfterWrite::writeData(response, context, 200, DecisionJson::conflict(updated.conflict), updated.token);
}

void ConflictsApi::forDecision(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const auto status = statusParameter(query);
    const int limit = query.clampedInt("limit", kDecisionDefaultLimit, 1, kDecisionMaxLimit);
    const int offset = query.offset();
    const auto page = _conflicts.forDecision(context.principal(), context.pathParam("id"), status, limit, offset,
                                             ReadAfterWrite::fromQuery(query));
    http::ResponseWriter::writePage(response, context, conflictArray(page.conflicts), page.total, limit, offset);
}
} // namespace akashi::api
