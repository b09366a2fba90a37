#pragma once
#include "auth/Principal.h"
#include "consistency/VisibilityGate.h"
#include "integrity/BatchInclusion.h"
#include "services/AccessPolicy.h"
#include "storage/Database.h"

#include <optional>
#include <string>

namespace akashi::integrity
{
/// GET /v1/integrity/proof/{id}: the Merkle inclusion proof of a decision in its integrity batch.
/// Thread-safe.
class ProofService
{
public:
    struct Proof
    {
        std::string decisionId;
        std::string contentHash;  ///< decisions.content_hash now (the leaf the path starts from)
        BatchInclusion inclusion; ///< `included` is the response's `verified`
    };

    /// `batchInterval` is akashi.integrity.proof_interval as configured (e.g. "5m"), for the 404 message.
    ProofService(storage::Database& database, services::AccessPolicy& access, const consistency::VisibilityGate& gate,
                 std::string batchInterval)
        : _database(database), _access(access), _gate(gate), _batchInterval(std::move(batchInterval))
    {
    }

    /// Reader role; 400 `decision id must be a UUID`; waits for `token`; 404 `decision not found` (also
    /// another org's); 403 unless the decision's agent is visible to the caller; 404 `no integrity proof
    /// covers this decision yet; batches are created every <interval>` while it waits for its batch;
    /// 404 `decision has no content hash, so no integrity proof covers it` for a row without a hash.
    Proof proof(const auth::Principal& caller, const std::string& id,
                const std::optional<consistency::VisibilityToken>& token);

private:
    storage::Database& _database;
    services::AccessPolicy& _access;
    const consistency::VisibilityGate& _gate;
    const std::string _batchInterval;
};
} // namespace akashi::integrity
