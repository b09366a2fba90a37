#include "api/AuthApi.h"

#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/ObjectReader.h"

#include <Poco/Net/HTTPServerRequest.h>

namespace akashi::api
{
void AuthApi::token(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                    Poco::Net::HTTPServerResponse& response)
{
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    const std::string agentId = body.requiredString("agent_id", {1, 255});
    const std::string apiKey = body.requiredString("api_key", {1, 1024});
    body.finish();
    const std::string orgHeader = request.get("X-Akashi-Org-ID", "");
    auto issued = _auth.issueToken(agentId, apiKey, orgHeader.empty() ? std::nullopt : std::optional(orgHeader));
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("token", issued.token);
    data->set("expires_at", issued.expiresAt);
    http::ResponseWriter::writeData(response, context, 200, data);
}
} // namespace akashi::api
