#pragma once
#include "common/Timestamp.h"
#include "storage/PgConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::integrity
{
/// One row of integrity_proofs: a sealed batch of an org's decisions.
struct ProofRecord
{
    std::string id;
    std::string orgId;
    Timestamp::TimePoint batchStart;
    Timestamp::TimePoint batchEnd;
    std::int64_t decisionCount = 0;
    std::string rootHash;
    std::optional<std::string> previousRoot; ///< the org's previous batch's root; none for the first
};

/// One row of proof_leaves: a decision's content hash as it was sealed, at its sorted position.
struct ProofLeaf
{
    std::int64_t position = 0;
    std::string decisionId;
    std::string contentHash;
};

/// A decision taken out of integrity_pending by the batch job, with what its leaf needs.
struct PendingLeaf
{
    std::string decisionId;
    std::optional<std::string> contentHash;
    Timestamp::TimePoint createdAt;
};

/// The SQL of the Merkle batches (migrations 0005 and 0012). Every statement but `orgsWithPending` is
/// scoped by org. Stateless: callers own the connection and its transaction.
class ProofStore
{
public:
    /// Serialises batch creation across servers for the rest of the transaction ("akashi" + 4; the
    /// embedding sequence uses +1, the stream relay +3).
    static constexpr std::int64_t kBatchLock = 0x616b617368690004;

    static void lockBatches(storage::PgConnection& connection);

    /// The orgs with decisions waiting for a batch (the one cross-org read: it only names the orgs).
    static std::vector<std::string> orgsWithPending(storage::PgConnection& connection);

    /// Removes up to `limit` of the org's oldest queued decisions from integrity_pending and returns them.
    /// Once the caller commits they belong to the batch it sealed; a rollback puts them back.
    static std::vector<PendingLeaf> takePending(storage::PgConnection& connection, const std::string& orgId,
                                                int limit);

    /// The org's latest batch (the last in chain order), if any.
    static std::optional<ProofRecord> latest(storage::PgConnection& connection, const std::string& orgId);

    /// Inserts a batch starting at `batchStart` and ending now (strictly after the start when
    /// `strictlyAfterStart`, i.e. when the start is the previous batch's end) with its leaves (decision id,
    /// content hash), already sorted, at positions 0..n-1. Returns the stored row.
    static ProofRecord insert(storage::PgConnection& connection, const std::string& orgId,
                              Timestamp::TimePoint batchStart, bool strictlyAfterStart, const std::string& rootHash,
                              const std::optional<std::string>& previousRoot,
                              const std::vector<std::pair<std::string, std::string>>& sortedLeaves);

    /// The batch holding `decisionId` and the decision's position in it.
    struct Membership
    {
        ProofRecord proof;
        std::int64_t position = 0;
    };
    static std::optional<Membership> findForDecision(storage::PgConnection& connection, const std::string& orgId,
                                                     const std::string& decisionId);

    /// A batch's leaves in position order.
    static std::vector<ProofLeaf> leaves(storage::PgConnection& connection, const std::string& orgId,
                                         const std::string& proofId);

    /// Up to `limit` of the org's batches in chain order (batch_end, then id), after `after` (null = from
    /// the first): keyset pages for the verifier.
    static std::vector<ProofRecord> chain(storage::PgConnection& connection, const std::string& orgId,
                                          const ProofRecord* after, int limit);
};
} // namespace akashi::integrity
