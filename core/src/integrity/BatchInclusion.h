#pragma once
#include "integrity/MerkleTree.h"
#include "integrity/ProofStore.h"
#include "storage/PgConnection.h"

#include <optional>
#include <string>
#include <vector>

namespace akashi::integrity
{
/// A decision's place in its integrity batch: the batch, the inclusion proof of its sealed leaf, and
/// whether the decision's current content hash, with that proof, reproduces the batch's stored root.
struct BatchInclusion
{
    ProofRecord proof;
    std::vector<ProofStep> path;
    bool included = false;

    /// Reads the batch holding `decisionId` (org-scoped) and its leaves; nullopt when no batch holds the
    /// decision yet. `currentHash` is decisions.content_hash now (none = not included). Stored leaves
    /// that are no longer a sorted 0..n-1 sequence (changed behind the server's back) give an empty
    /// path and `included = false` rather than an error.
    static std::optional<BatchInclusion> find(storage::PgConnection& connection, const std::string& orgId,
                                              const std::string& decisionId,
                                              const std::optional<std::string>& currentHash);
};
} // namespace akashi::integrity
