#include "api/GrantsApi.h"

#include "api/IdentityJson.h"
#include "api/ReadAfterWrite.h"
#include "http/QueryParams.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/ObjectReader.h"

#include <Poco/Net/HTTPServerResponse.h>

namespace akashi::api
{
void GrantsApi::create(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response)
{
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    services::GrantService::CreateRequest create;
    create.granteeAgentId = body.requiredString("grantee_agent_id", {1, 255});
    create.resourceType = body.requiredString("resource_type", {1, 64});
    create.resourceId = body.optionalString("resource_id", {1, 255});
    create.permission = body.requiredString("permission", {1, 32});
    create.expiresAt = body.optionalString("expires_at", {1, 64});
    body.finish();
    const auto grant = _grants.create(context.principal(), create);
    ReadAfterWrite::writeData(response, context, 201, IdentityJson::grant(grant), _visibility.committed());
}

void GrantsApi::remove(http::RequestContext& context, Poco::Net::HTTPServerRequest&,
                       Poco::Net::HTTPServerResponse& response)
{
    _grants.remove(context.principal(), context.pathParam("id"));
    response.set(ReadAfterWrite::kHeader, _visibility.committed().encode()); // 204: the header alone
    http::ResponseWriter::writeEmpty(response, 204);
}

void GrantsApi::list(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const int limit = query.limit(200);
    const int offset = query.offset();
    _visibility.await(context.principal().orgId, ReadAfterWrite::fromQuery(query));
    std::int64_t total = 0;
    const auto grants = _grants.list(context.principal(), limit, offset, total);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& grant : grants)
        items->add(IdentityJson::grant(grant));
    http::ResponseWriter::writePage(response, context, items, total, limit, offset);
}
} // namespace akashi::api
