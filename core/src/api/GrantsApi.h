#pragma once
#include "consistency/Visibility.h"
#include "http/RouteHandler.h"
#include "services/GrantService.h"

namespace akashi::api
{
/// `/v1/grants`: share an agent's traces with another agent, revoke, list (admin).
class GrantsApi
{
public:
    GrantsApi(services::GrantService& grants, consistency::Visibility& visibility) : _grants(grants), _visibility(visibility)
    {
    }

    /// POST /v1/grants → 201 AccessGrant.
    void create(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// DELETE /v1/grants/{id} → 204.
    void remove(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/grants → list envelope of AccessGrant.
    void list(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

private:
    services::GrantService& _grants;
    consistency::Visibility& _visibility;
};
} // namespace akashi::api
