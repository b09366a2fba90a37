#pragma once
#include "integrity/ProofStore.h"
#include "storage/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace Poco
{
class Logger;
}

namespace akashi::integrity
{
/// The integrity batch job (docs/integrity.md): for every org with decisions in integrity_pending, seals
/// them into Merkle batches (leaves sorted, root chained to the org's previous batch through
/// previous_root, leaves snapshotted in proof_leaves) and logs `integrity proof created`. Each batch is
/// one transaction under ProofStore::kBatchLock, so servers sharing a database never create overlapping
/// batches, and a decision committing at any moment is sealed by exactly one batch. Run by a
/// PeriodicTask every akashi.integrity.proof_interval. Thread-safe (state is the database's).
class ProofBatcher
{
public:
    /// Large backlogs (the first run after an upgrade) become several batches of at most this many
    /// leaves, so a batch, and the proof of one of its decisions, stays small enough to load at once.
    static constexpr int kMaxLeavesPerBatch = 10000;

    struct Pass
    {
        int batches = 0;
        std::int64_t decisions = 0;
        int failedOrgs = 0; ///< orgs whose batch failed (logged; retried next pass)
    };

    ProofBatcher(storage::Database& database, Poco::Logger& logger, int maxLeavesPerBatch = kMaxLeavesPerBatch)
        : _database(database), _logger(logger), _maxLeaves(maxLeavesPerBatch)
    {
    }

    /// Seals every org's pending decisions. An org whose batch fails is logged (`integrity: proof batch
    /// failed`) and skipped, so it cannot hold back the others.
    Pass run();

    /// One batch of the org's oldest pending decisions; nullopt when none is waiting.
    std::optional<ProofRecord> sealNext(const std::string& orgId);

private:
    storage::Database& _database;
    Poco::Logger& _logger;
    const int _maxLeaves;
};
} // namespace akashi::integrity
