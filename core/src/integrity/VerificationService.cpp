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
    {
        // Released before the visibility check, which takes a connection of its own.
        auto lease = _database.connection();
        _gate.await(*lease, caller.orgId, token);
        decision = HashedDecisionReader::find(*lease, caller.orgId, id);
    }
    if (!decision)
        throw Exception(ErrorCode::notFound, "decision not found");
    _access.requireVisible(caller, decision->agentId);

    Result result;
    result.decisionId = decision->fields.id;
    result.contentHash = decision->contentHash;
    if (!decision->contentHash || decision->contentHash->empty())
    {
        result.status = "no_hash";
        result.message = "decision has no content hash";
    }
    else if (ContentHash::matches(*decision->contentHash, decision->fields))
    {
        result.status = "verified";
        result.valid = true;
        result.message = "content hash matches the decision's recorded fields";
    }
    else
    {
        result.status = "tampered";
        result.message = "content hash mismatch: the decision's recorded fields changed after it was written";
    }
    return result;
}
} // namespace akashi::integrity
