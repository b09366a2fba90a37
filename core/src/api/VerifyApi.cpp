#include "api/VerifyApi.h"

#include "api/IntegrityJson.h"
#include "api/ReadAfterWrite.h"
#include "http/QueryParams.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"

#include <Poco/JSON/Object.h>

namespace akashi::api
{
void VerifyApi::verify(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const auto result = _verification.verify(context.principal(), context.pathParam("id"),
                                             ReadAfterWrite::fromQuery(query));
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("decision_id", result.decisionId);
    data->set("status", result.status);
    data->set("valid", result.valid);
    if (result.contentHash)
        data->set("content_hash", *result.contentHash);
    data->set("message", result.message);
    if (result.batch)
        data->set("batch", IntegrityJson::membership(*result.batch));
    else
        data->set("batch", Poco::Dynamic::Var());
    http::ResponseWriter::writeData(response, context, 200, data);
}
} // namespace akashi::api
