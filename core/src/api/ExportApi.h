#pragma once
#include "http/RouteHandler.h"
#include "services/QueryService.h"

namespace akashi::api
{
/// GET /v1/export/decisions (admin): every row version of the org's decisions, current and
/// superseded (an audit export must show what was revised), matching `agent_id`, `decision_type`,
/// `from`, `to` (valid_from bounds), as NDJSON, one Decision with alternatives and evidence per line,
/// in (valid_from, id) order. Streamed with chunked transfer, one keyset page at a time; a failure
/// after the first byte aborts the connection so the client sees a truncated transfer rather than
/// a seemingly complete file.
class ExportApi
{
public:
    explicit ExportApi(services::QueryService& queries) : _queries(queries) {}

    void exportDecisions(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    static constexpr const char* kContentType = "application/x-ndjson";

private:
    services::QueryService& _queries;
};
} // namespace akashi::api
