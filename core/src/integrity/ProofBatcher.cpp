#include "integrity/ProofBatcher.h"

#include "integrity/MerkleTree.h"
#include "logging/Log.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace akashi::integrity
{
ProofBatcher::Pass ProofBatcher::run()
{
    std::vector<std::string> orgs;
    {
        auto lease = _database.connection();
        orgs = ProofStore::orgsWithPending(*lease);
    }
    Pass pass;
    for (const auto& orgId : orgs)
    {
        try
        {
            while (auto proof = sealNext(orgId))
            {
                ++pass.batches;
                pass.decisions += proof->decisionCount;
                if (proof->decisionCount < _maxLeaves)
                    break;
            }
        }
        catch (const std::exception& error)
        {
            ++pass.failedOrgs;
            logging::error(_logger, "integrity: proof batch failed", {{"org_id", orgId}, {"error", error.what()}});
        }
    }
    return pass;
}

std::optional<ProofRecord> ProofBatcher::sealNext(const std::string& orgId)
{
    std::optional<ProofRecord> sealed;
    _database.transaction([&](storage::PgConnection& c) {
        sealed.reset();
        // After the lock: the previous batch and the queue are read as the last batch left them.
        ProofStore::lockBatches(c);
        const auto previous = ProofStore::latest(c, orgId);
        const auto pending = ProofStore::takePending(c, orgId, _maxLeaves);
        std::vector<std::pair<std::string, std::string>> leaves; // (decision id, content hash)
        std::optional<Timestamp::TimePoint> earliest;
        for (const auto& leaf : pending)
        {
            if (!leaf.contentHash || leaf.contentHash->empty())
                continue; // its hash was removed since it was queued: there is nothing to seal
            leaves.emplace_back(leaf.decisionId, *leaf.contentHash);
            earliest = earliest ? std::min(*earliest, leaf.createdAt) : leaf.createdAt;
        }
        if (leaves.empty())
            return;
        std::sort(leaves.begin(), leaves.end(),
                  [](const auto& a, const auto& b) { return a.second < b.second || (a.second == b.second && a.first < b.first); });
        std::vector<std::string> hashes;
        hashes.reserve(leaves.size());
        for (const auto& leaf : leaves)
            hashes.push_back(leaf.second);
        const MerkleTree tree(std::move(hashes));
        // The batches of an org tile time: each starts where the previous ended.
        const auto start = previous ? previous->batchEnd : *earliest;
        sealed = ProofStore::insert(c, orgId, start, previous.has_value(), tree.root(),
                                    previous ? std::optional<std::string>(previous->rootHash) : std::nullopt, leaves);
    });
    if (sealed)
        logging::info(_logger, "integrity proof created",
                      {{"org_id", orgId}, {"proof_id", sealed->id}, {"decision_count", sealed->decisionCount},
                       {"root_hash", sealed->rootHash}});
    return sealed;
}
} // namespace akashi::integrity
