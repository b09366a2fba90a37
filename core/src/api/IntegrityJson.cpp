#include "api/IntegrityJson.h"

#include "common/Timestamp.h"
#include "json/JsonValues.h"

namespace akashi::api
{
Poco::JSON::Array::Ptr IntegrityJson::path(const std::vector<integrity::ProofStep>& steps)
{
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& step : steps)
    {
        auto item = json::orderedObject();
        item->set("hash", step.hash);
        item->set("is_right", step.isRight);
        out->add(item);
    }
    return out;
}

Poco::JSON::Object::Ptr IntegrityJson::membership(const integrity::BatchInclusion& inclusion)
{
    auto batch = json::orderedObject();
    batch->set("proof_id", inclusion.proof.id);
    batch->set("root_hash", inclusion.proof.rootHash);
    batch->set("batch_start", Timestamp::toRfc3339(inclusion.proof.batchStart));
    batch->set("batch_end", Timestamp::toRfc3339(inclusion.proof.batchEnd));
    batch->set("included", inclusion.included);
    return batch;
}
} // namespace akashi::api
