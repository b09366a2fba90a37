#pragma once
#include "storage/Database.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace akashi::integrity
{
/// One thing the check found wrong. `kind` is one of IntegrityVerifier's k* names.
struct IntegrityMismatch
{
    std::string kind;
    std::string orgId;
    std::string decisionId; ///< empty for batch-level findings
    std::string proofId;    ///< empty for decision-level findings
    std::string detail;     ///< what differs, for an operator
};

/// How far the check is: `phase` "decisions" (rows re-hashed) or "leaves" (sealed leaves re-checked).
struct IntegrityProgress
{
    std::string phase;
    std::int64_t done = 0;
    std::int64_t total = 0;
};

struct IntegrityReport
{
    std::int64_t decisions = 0;            ///< decision rows checked
    std::int64_t decisionsWithoutHash = 0; ///< rows with no content hash (nothing to check or seal)
    std::int64_t pendingDecisions = 0;     ///< hashed rows still waiting for their batch
    std::int64_t batches = 0;
    std::int64_t leaves = 0;
    std::int64_t leavesOfDeletedDecisions = 0; ///< decision removed by an audited delete; its leaf matched
    std::vector<IntegrityMismatch> mismatches;

    bool clean() const noexcept { return mismatches.empty(); }
};

/// The offline integrity check behind `akashi verify-integrity` (docs/integrity.md): re-hashes every
/// decision row and compares with its stored content hash, re-computes every batch's Merkle root from its
/// sealed leaves, checks each sealed leaf against its decision's current hash, and walks each org's
/// chain of previous_root links. Read-only; reports, never prints. Not thread-safe (one run at a time).
class IntegrityVerifier
{
public:
    static constexpr const char* kContentHashMismatch = "content_hash_mismatch";
    static constexpr const char* kDecisionNotBatched = "decision_not_batched";
    static constexpr const char* kLeafMismatch = "leaf_mismatch";
    static constexpr const char* kLeafDecisionMissing = "leaf_decision_missing";
    static constexpr const char* kLeafOrderBroken = "leaf_order_broken";
    static constexpr const char* kDecisionCountMismatch = "decision_count_mismatch";
    static constexpr const char* kMerkleRootMismatch = "merkle_root_mismatch";
    static constexpr const char* kChainLinkageBroken = "chain_linkage_broken";
    static constexpr const char* kChainLinkageNilPrevious = "chain_linkage_nil_previous";

    struct Options
    {
        std::optional<std::string> orgId;   ///< one org (a UUID); every org when unset
        std::int64_t progressEvery = 10000; ///< items between progress callbacks (and one at each phase's end)
        std::function<void(const IntegrityProgress&)> onProgress;
    };

    IntegrityVerifier(storage::Database& database, Options options)
        : _database(database), _options(std::move(options))
    {
    }

    IntegrityReport run();

private:
    void checkDecisions(IntegrityReport& report);
    void checkBatches(IntegrityReport& report);
    void progress(const char* phase, std::int64_t done, std::int64_t total, bool last);

    storage::Database& _database;
    const Options _options;
    std::int64_t _previousDone = 0; ///< items done at the previous call of this phase
    std::int64_t _reported = -1;    ///< items done at the last callback of this phase (-1: none yet)
};
} // namespace akashi::integrity
