#include "integrity/IntegrityVerifier.h"

#include "integrity/ContentHash.h"
#include "integrity/MerkleTree.h"
#include "integrity/ProofStore.h"
#include "integrity/VerifierReader.h"

#include <algorithm>

namespace akashi::integrity
{
namespace
{
constexpr int kDecisionPage = 1000;
constexpr int kProofPage = 200;

/// The hash of the stored one's version, as ContentHash::matches compares them.
std::string recomputed(const std::string& stored, const ContentHash::Fields& fields)
{
    return stored.rfind(ContentHash::kV2Prefix, 0) == 0 ? ContentHash::computeV2(fields) : ContentHash::computeV1(fields);
}

void checkLeaves(const std::string& orgId, const ProofRecord& proof, const std::vector<AuditedLeaf>& leaves,
                 IntegrityReport& report)
{
    auto found = [&](const char* kind, const std::string& decisionId, std::string detail) {
        report.mismatches.push_back({kind, orgId, decisionId, proof.id, std::move(detail)});
    };
    std::vector<std::string> hashes;
    hashes.reserve(leaves.size());
    bool ordered = true;
    for (std::size_t i = 0; i < leaves.size(); ++i)
    {
        const auto& leaf = leaves[i];
        hashes.push_back(leaf.sealedHash);
        ordered = ordered && leaf.position == static_cast<std::int64_t>(i);
        if (leaf.decisionPresent)
        {
            if (leaf.currentHash != leaf.sealedHash)
                found(IntegrityVerifier::kLeafMismatch, leaf.decisionId,
                      "sealed leaf " + leaf.sealedHash + ", decision's content hash now " +
                          leaf.currentHash.value_or("(none)"));
        }
        else if (!leaf.deletedHash)
            found(IntegrityVerifier::kLeafDecisionMissing, leaf.decisionId,
                  "the decision is gone and no deletion_audit_log record says it was deleted");
        else if (*leaf.deletedHash != leaf.sealedHash)
            found(IntegrityVerifier::kLeafMismatch, leaf.decisionId,
                  "sealed leaf " + leaf.sealedHash + ", deleted decision's audited content hash " +
                      (leaf.deletedHash->empty() ? std::string("(none)") : *leaf.deletedHash));
        else
            ++report.leavesOfDeletedDecisions;
    }
    if (proof.decisionCount != static_cast<std::int64_t>(leaves.size()))
        found(IntegrityVerifier::kDecisionCountMismatch, "",
              "decision_count " + std::to_string(proof.decisionCount) + ", sealed leaves " +
                  std::to_string(leaves.size()));
    if (!ordered || !MerkleTree::isSorted(hashes))
    {
        found(IntegrityVerifier::kLeafOrderBroken, "",
              "sealed leaves are not a sorted sequence at positions 0.." + std::to_string(leaves.size()));
        return; // a root over a broken order proves nothing either way
    }
    if (hashes.empty())
    {
        found(IntegrityVerifier::kMerkleRootMismatch, "", "the batch has no sealed leaves");
        return;
    }
    const auto root = MerkleTree(std::move(hashes)).root();
    if (root != proof.rootHash)
        found(IntegrityVerifier::kMerkleRootMismatch, "", "stored root " + proof.rootHash + ", leaves give " + root);
}

void checkLink(const std::string& orgId, const std::optional<ProofRecord>& previous, const ProofRecord& proof,
               IntegrityReport& report)
{
    auto found = [&](const char* kind, std::string detail) {
        report.mismatches.push_back({kind, orgId, "", proof.id, std::move(detail)});
    };
    if (!previous)
    {
        if (proof.previousRoot)
            found(IntegrityVerifier::kChainLinkageBroken,
                  "the org's first batch names previous_root " + *proof.previousRoot);
    }
    else if (!proof.previousRoot)
        found(IntegrityVerifier::kChainLinkageNilPrevious,
              "previous_root is empty, the previous batch " + previous->id + " has root " + previous->rootHash);
    else if (*proof.previousRoot != previous->rootHash)
        found(IntegrityVerifier::kChainLinkageBroken, "previous_root " + *proof.previousRoot +
                                                          ", the previous batch " + previous->id + " has root " +
                                                          previous->rootHash);
}
} // namespace

IntegrityReport IntegrityVerifier::run()
{
    IntegrityReport report;
    checkDecisions(report);
    checkBatches(report);
    return report;
}

void IntegrityVerifier::progress(const char* phase, std::int64_t done, std::int64_t total, bool last)
{
    if (!_options.onProgress)
        return;
    const auto every = std::max<std::int64_t>(1, _options.progressEvery);
    const bool due = last ? done != _reported : done / every > _previousDone / every;
    if (due)
    {
        _options.onProgress({phase, done, total});
        _reported = done;
    }
    _previousDone = last ? 0 : done;
    if (last)
        _reported = -1;
}

void IntegrityVerifier::checkDecisions(IntegrityReport& report)
{
    auto lease = _database.connection();
    const auto total = VerifierReader::countDecisions(*lease, _options.orgId);
    std::optional<std::pair<std::string, std::string>> after;
    while (true)
    {
        const auto page = VerifierReader::decisions(*lease, _options.orgId, after, kDecisionPage);
        for (const auto& row : page)
        {
            ++report.decisions;
            const auto& hash = row.decision.contentHash;
            if (!hash || hash->empty())
                ++report.decisionsWithoutHash;
            else
            {
                if (!ContentHash::matches(*hash, row.decision.fields))
                    report.mismatches.push_back({kContentHashMismatch, row.orgId, row.decision.fields.id, "",
                                                 "stored " + *hash + ", the row's fields hash to " +
                                                     recomputed(*hash, row.decision.fields)});
                if (row.pending)
                    ++report.pendingDecisions;
                else if (!row.sealed)
                    report.mismatches.push_back({kDecisionNotBatched, row.orgId, row.decision.fields.id, "",
                                                 "no integrity batch holds the decision and none is queued to"});
            }
            progress("decisions", report.decisions, total, false);
        }
        if (page.size() < static_cast<std::size_t>(kDecisionPage))
            break;
        after = std::make_pair(page.back().orgId, page.back().decision.fields.id);
    }
    progress("decisions", report.decisions, total, true);
}

void IntegrityVerifier::checkBatches(IntegrityReport& report)
{
    auto lease = _database.connection();
    const auto total = VerifierReader::countLeaves(*lease, _options.orgId);
    for (const auto& orgId : VerifierReader::orgsWithProofs(*lease, _options.orgId))
    {
        std::optional<ProofRecord> previous;
        while (true)
        {
            const auto page = ProofStore::chain(*lease, orgId, previous ? &*previous : nullptr, kProofPage);
            for (const auto& proof : page)
            {
                ++report.batches;
                const auto leaves = VerifierReader::leaves(*lease, orgId, proof.id);
                report.leaves += static_cast<std::int64_t>(leaves.size());
                checkLeaves(orgId, proof, leaves, report);
                checkLink(orgId, previous, proof, report);
                previous = proof;
                progress("leaves", report.leaves, total, false);
            }
            if (page.size() < static_cast<std::size_t>(kProofPage))
                break;
        }
    }
    progress("leaves", report.leaves, total, true);
}
} // namespace akashi::integrity
