#pragma once
#include "http/RouteHandler.h"
#include "services/AuthService.h"

namespace akashi::api
{
/// `POST /auth/token` and `POST /auth/refresh` (the same exchange, as in the reference): an agent's
/// `{agent_id, api_key}` for `{token, expires_at}`. No authentication; 401 "invalid credentials".
class AuthApi
{
public:
    explicit AuthApi(services::AuthService& auth) : _auth(auth) {}

    void token(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response);

private:
    services::AuthService& _auth;
};
} // namespace akashi::api
