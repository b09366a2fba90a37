#pragma once
#include "http/RouteHandler.h"
#include "services/ConflictService.h"

namespace akashi::api
{
/// `/v1/conflicts` and `/v1/decisions/{id}/conflicts` (reference §6): list with filters, one conflict
/// with its recommendation, the lifecycle PATCH. Query parameters are checked here (an unknown enum
/// value is 400 naming the parameter, not an empty page); reads accept `min_visibility_token`, and the
/// PATCH answers with a visibility token like every write.
class ConflictsApi
{
public:
    explicit ConflictsApi(services::ConflictService& conflicts) : _conflicts(conflicts) {}

    /// GET /v1/conflicts?decision_type&agent_id&conflict_kind&status&severity&category&project&limit=25&offset
    /// → list envelope of DecisionConflict.
    void list(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/conflicts/{id} → ConflictDetail (DecisionConflict + `recommendation` when open).
    void get(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// PATCH /v1/conflicts/{id} with ConflictStatusUpdate → the updated DecisionConflict + visibility token.
    void patch(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/decisions/{id}/conflicts?status&limit=50&offset → list envelope of DecisionConflict.
    void forDecision(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    static constexpr int kDefaultLimit = 25;
    static constexpr int kDecisionDefaultLimit = 50;
    static constexpr int kDecisionMaxLimit = 200;

private:
    services::ConflictService& _conflicts;
};
} // namespace akashi::api
