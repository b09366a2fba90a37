#pragma once
#include "http/RouteHandler.h"
#include "json/ObjectReader.h"
#include "services/QueryService.h"

#include <Poco/JSON/Object.h>

#include <chrono>

namespace akashi::api
{
/// The POST reads of decisions (reader+): `/v1/query`, `/v1/query/temporal` and `/v1/check`. Each
/// decodes the body strictly (unknown field → 400 naming it), calls one QueryService method and
/// writes the reference's shape. Every body accepts `min_visibility_token`.
class QueryApi
{
public:
    explicit QueryApi(services::QueryService& queries) : _queries(queries) {}

    /// POST /v1/query → list envelope of Decision (current rows; `include` adds alternatives/evidence).
    void query(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// POST /v1/query/temporal → `{as_of, decisions}`.
    void temporal(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// POST /v1/check → `{has_precedent, decisions, conflicts}`.
    void check(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    /// The `filters` object of /v1/query and /v1/query/temporal (required); errors name
    /// `filters.<field>`.
    static storage::DecisionFilter decodeFilters(json::ObjectReader& body);
    /// The same object where it is optional (/v1/search): absent or null filters nothing.
    static storage::DecisionFilter decodeOptionalFilters(json::ObjectReader& body);

    /// Temporal reads may look at most this far ahead of the server clock (reference: 1 minute).
    static constexpr std::chrono::seconds kAsOfFutureTolerance{60};

private:
    static storage::DecisionFilter filtersFrom(Poco::JSON::Object::Ptr object);

    services::QueryService& _queries;
};
} // namespace akashi::api
