#include "api/IntegrityApi.h"

#include "api/IntegrityJson.h"
#include "api/ReadAfterWrite.h"
#include "common/Timestamp.h"
#include "http/QueryParams.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/JsonValues.h"

namespace akashi::api
{
void IntegrityApi::proof(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const auto proof = _proofs.proof(context.principal(), context.pathParam("id"), ReadAfterWrite::fromQuery(query));
    const auto& batch = proof.inclusion.proof;
    auto data = json::orderedObject();
    data->set("decision_id", proof.decisionId);
    data->set("content_hash", proof.contentHash);
    data->set("proof_id", batch.id);
    data->set("root_hash", batch.rootHash);
    data->set("batch_start", Timestamp::toRfc3339(batch.batchStart));
    data->set("batch_end", Timestamp::toRfc3339(batch.batchEnd));
    data->set("proof_path", IntegrityJson::path(proof.inclusion.path));
    data->set("verified", proof.inclusion.included);
    http::ResponseWriter::writeData(response, context, 200, data);
}
} // namespace akashi::api
