#pragma once
#include "http/RouteHandler.h"
#include "services/AssessmentService.h"
#include "services/QueryService.h"

#include <optional>
#include <string>

namespace akashi::http
{
class QueryParams;
}

namespace akashi::api
{
/// The GET reads of decisions (reader+): agent history, recent decisions, one decision and its
/// revision chain. Each accepts `min_visibility_token` as a query parameter.
class DecisionsApi
{
public:
    /// `assessments` (may be null) adds `assessment_summary` to GET /v1/decisions/{id}.
    explicit DecisionsApi(services::QueryService& queries, services::AssessmentService* assessments = nullptr)
        : _queries(queries), _assessments(assessments)
    {
    }

    /// GET /v1/agents/{agent_id}/history?limit=50&offset&from&to → list envelope (403 if not visible).
    void history(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/decisions/recent?agent_id&decision_type&limit=10&offset → list envelope, with alternatives.
    void recent(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/decisions/{id} → Decision with alternatives, evidence and `assessment_summary`.
    void get(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/decisions/{id}/revisions → `{decision_id, revisions, count}`.
    void revisions(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    /// An RFC 3339 query parameter as a SQL parameter; 400 `query parameter "<name>" must be an RFC 3339
    /// timestamp`.
    static std::optional<std::string> timeParameter(const http::QueryParams& query, const std::string& name);
    /// A non-empty string query parameter of at most `maxBytes`.
    static std::optional<std::string> textParameter(const http::QueryParams& query, const std::string& name,
                                                    std::size_t maxBytes);

private:
    services::QueryService& _queries;
    services::AssessmentService* _assessments;
};
} // namespace akashi::api
