#include "integrity/BatchInclusion.h"

namespace akashi::integrity
{
std::optional<BatchInclusion> BatchInclusion::find(storage::PgConnection& connection, const std::string& orgId,
                                                   const std::string& decisionId,
                                                   const std::optional<std::string>& currentHash)
{
    auto membership = ProofStore::findForDecision(connection, orgId, decisionId);
    if (!membership)
        return std::nullopt;
    BatchInclusion inclusion;
    inclusion.proof = std::move(membership->proof);
    const auto leaves = ProofStore::leaves(connection, orgId, inclusion.proof.id);
    std::vector<std::string> hashes;
    hashes.reserve(leaves.size());
    for (std::size_t i = 0; i < leaves.size(); ++i)
    {
        if (leaves[i].position != static_cast<std::int64_t>(i))
            return inclusion;
        hashes.push_back(leaves[i].contentHash);
    }
    const auto position = static_cast<std::size_t>(membership->position);
    if (hashes.empty() || !MerkleTree::isSorted(hashes) || position >= hashes.size())
        return inclusion;
    inclusion.path = MerkleTree(std::move(hashes)).proof(position);
    inclusion.included = currentHash && MerkleTree::verify(*currentHash, inclusion.path, inclusion.proof.rootHash);
    return inclusion;
}
} // namespace akashi::integrity
