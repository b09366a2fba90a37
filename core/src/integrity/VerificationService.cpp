#include "integrity/VerificationService.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "integrity/HashedDecisionReader.h"

namespace akashi::integrity
{
VerificationService::Result VerificationService::verify(const auth::Principal& caller, const std::string& id,
                                                        const std::optional<consistency::VisibilityToken>& token)
{
    services::AccessPolicy::requireRole(caller, auth::Role::reader);
    if (!auth::RandomId::isUuid(id))
        throw Exception(ErrorCode::invalidInput, "decision id must be a UUID");

    std::optional<HashedDecision> decision;
    std::optional<BatchInclusion> batch;
    {
        // Released before the visibility check, which takes a connection of its own.
        auto lease = _database.connection();
        _gate.await(*lease, caller.orgId, token);
        decision = HashedDecisionReader::find(*lease, caller.orgId, id);
        if (decision)
            batch = BatchInclusion::find(*lease, caller.orgId, decision->fields.id, decision->contentHash);
    }
    if (!decision)
        throw Exception(ErrorCode::notFound, "decision not found");
    _access.requireVisible(caller, decision->agentId);

    Result result;
    result.decisionId = decision->fields.id;
    result.contentHash = decision->contentHash;
    result.batch = std::move(batch);
    if (!decision->contentHash || decision->contentHash->empty())
    {
        result.status = "no_hash";
        result.message = "decision has no content hash";
    }
    else if (!ContentHash::matches(*decision->contentHash, decision->fields))
    {
        result.status = "tampered";
        result.message = "content hash mismatch: the decision's recorded fields changed after it was written";
    }
    else if (result.batch && !result.batch->included)
    {
        // Fields and hash agree, but not with what was sealed: both were rewritten, or the batch was.
        result.status = "tampered";
        result.message = "content hash does not reproduce integrity batch " + result.batch->proof.id +
                         ": the hash or the batch changed after the batch was sealed";
    }
    else
    {
        result.status = "verified";
        result.valid = true;
        result.message = "content hash matches the decision's recorded fields";
    }
    return result;
}
} // namespace akashi::integrity
