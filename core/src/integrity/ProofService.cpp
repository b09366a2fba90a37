#include "integrity/ProofService.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "integrity/HashedDecisionReader.h"

namespace akashi::integrity
{
ProofService::Proof ProofService::proof(const auth::Principal& caller, const std::string& id,
                                        const std::optional<consistency::VisibilityToken>& token)
{
    services::AccessPolicy::requireRole(caller, auth::Role::reader);
    if (!auth::RandomId::isUuid(id))
        throw Exception(ErrorCode::invalidInput, "decision id must be a UUID");

    std::optional<HashedDecision> decision;
    std::optional<BatchInclusion> inclusion;
    {
        auto lease = _database.connection();
        _gate.await(*lease, caller.orgId, token);
        decision = HashedDecisionReader::find(*lease, caller.orgId, id);
        if (decision)
            inclusion = BatchInclusion::find(*lease, caller.orgId, decision->fields.id, decision->contentHash);
    }
    if (!decision)
        throw Exception(ErrorCode::notFound, "decision not found");
    _access.requireVisible(caller, decision->agentId);
    if (!inclusion && (!decision->contentHash || decision->contentHash->empty()))
        throw Exception(ErrorCode::notFound, "decision has no content hash, so no integrity proof covers it");
    if (!inclusion)
        throw Exception(ErrorCode::notFound,
                        "no integrity proof covers this decision yet; batches are created every " + _batchInterval);
    return {decision->fields.id, decision->contentHash.value_or(std::string()), std::move(*inclusion)};
}
} // namespace akashi::integrity
