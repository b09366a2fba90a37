#pragma once
#include "integrity/BatchInclusion.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace akashi::api
{
/// The integrity batch parts of responses (docs/integrity.md): proof paths and batch membership.
class IntegrityJson
{
public:
    /// `[{hash, is_right}]`, leaf to root.
    static Poco::JSON::Array::Ptr path(const std::vector<integrity::ProofStep>& steps);
    /// GET /v1/verify's `batch`: `{proof_id, root_hash, batch_start, batch_end, included}`.
    static Poco::JSON::Object::Ptr membership(const integrity::BatchInclusion& inclusion);
};
} // namespace akashi::api
