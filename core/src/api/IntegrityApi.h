#pragma once
#include "http/RouteHandler.h"
#include "integrity/ProofService.h"

namespace akashi::api
{
/// `GET /v1/integrity/proof/{id}` (reader; the decision's agent must be visible): a decision's Merkle
/// inclusion proof in its integrity batch.
class IntegrityApi
{
public:
    explicit IntegrityApi(integrity::ProofService& proofs) : _proofs(proofs) {}

    /// `?min_visibility_token=` honoured → 200 `{decision_id, content_hash, proof_id, root_hash, batch_start,
    /// batch_end, proof_path: [{hash, is_right}], verified}`; 400 malformed id or token, 403, 404.
    void proof(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

private:
    integrity::ProofService& _proofs;
};
} // namespace akashi::api
