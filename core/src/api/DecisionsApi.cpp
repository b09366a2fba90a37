#include "api/DecisionsApi.h"

#include "api/AssessmentsApi.h"
#include "api/DecisionJson.h"
#include "api/ReadAfterWrite.h"
#include "common/Exception.h"
#include "common/Timestamp.h"
#include "http/QueryParams.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"

namespace akashi::api
{
std::optional<std::string> DecisionsApi::timeParameter(const http::QueryParams& query, const std::string& name)
{
    const auto text = query.get(name);
    if (!text || text->empty())
        return std::nullopt;
    const auto parsed = Timestamp::parseRfc3339(*text);
    if (!parsed)
        throw Exception(ErrorCode::invalidInput, "query parameter \"" + name + "\" must be an RFC 3339 timestamp");
    return Timestamp::toSqlParameter(*parsed);
}

std::optional<std::string> DecisionsApi::textParameter(const http::QueryParams& query, const std::string& name,
                                                       std::size_t maxBytes)
{
    auto text = query.get(name);
    if (!text || text->empty())
        return std::nullopt;
    if (text->size() > maxBytes)
        throw Exception(ErrorCode::invalidInput,
                        "query parameter \"" + name + "\" must be at most " + std::to_string(maxBytes) + " bytes");
    return text;
}

void DecisionsApi::history(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    services::HistoryRequest history;
    history.agentId = context.pathParam("agent_id");
    history.limit = query.limit(50);
    history.offset = query.offset();
    history.from = timeParameter(query, "from");
    history.to = timeParameter(query, "to");
    const auto page = _queries.history(context.principal(), history, ReadAfterWrite::fromQuery(query));
    http::ResponseWriter::writeList(response, context, DecisionJson::decisions(page.decisions), page.count.total,
                                    page.count.hasMore, history.limit, history.offset);
}

void DecisionsApi::recent(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                          Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    services::RecentRequest recent;
    recent.agentId = textParameter(query, "agent_id", 255);
    recent.decisionType = textParameter(query, "decision_type", 1024);
    recent.limit = query.limit(10);
    recent.offset = query.offset();
    const auto page = _queries.recent(context.principal(), recent, ReadAfterWrite::fromQuery(query));
    http::ResponseWriter::writeList(response, context, DecisionJson::decisions(page.decisions), page.count.total,
                                    page.count.hasMore, recent.limit, recent.offset);
}

void DecisionsApi::get(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const auto decision = _queries.get(context.principal(), context.pathParam("id"), ReadAfterWrite::fromQuery(query));
    auto data = DecisionJson::decision(decision);
    if (_assessments)
        data->set("assessment_summary", AssessmentsApi::summaryJson(_assessments->summary(context.principal(), decision.id)));
    http::ResponseWriter::writeData(response, context, 200, data);
}

void DecisionsApi::revisions(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                             Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const std::string id = context.pathParam("id");
    const auto revisions = _queries.revisions(context.principal(), id, ReadAfterWrite::fromQuery(query));
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("decision_id", id);
    data->set("revisions", DecisionJson::decisions(revisions));
    data->set("count", static_cast<std::int64_t>(revisions.size()));
    http::ResponseWriter::writeData(response, context, 200, data);
}
} // namespace akashi::api
