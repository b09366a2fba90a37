#pragma once
#include "http/RouteHandler.h"
#include "integrity/VerificationService.h"

namespace akashi::api
{
/// `GET /v1/verify/{id}` (reader; the decision's agent must be visible): content hash verification.
class VerifyApi
{
public:
    explicit VerifyApi(integrity::VerificationService& verification) : _verification(verification) {}

    /// `?min_visibility_token=` honoured → 200 `{decision_id, status, valid, content_hash?, message, batch}`
    /// (`batch`: `{proof_id, root_hash, batch_start, batch_end, included}` or null before the decision's batch);
    /// 400 malformed id or token, 403, 404.
    void verify(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

private:
    integrity::VerificationService& _verification;
};
} // namespace akashi::api
