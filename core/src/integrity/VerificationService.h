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
/// GET /v1/verify/{id}: recomputes a decision's content hash and compares it with the stored one.
/// Thread-safe.
class VerificationService
{
public:
    struct Result
    {
        std::string decisionId;
        std::string status; ///< "verified", "tampered" or "no_hash"
        bool valid = false;
        std::optional<std::string> contentHash; ///< the stored hash
        std::string message;
        std::optional<BatchInclusion> batch; ///< the integrity batch sealing the decision; none yet
    };

    VerificationService(storage::Database& database, services::AccessPolicy& access,
                        const consistency::VisibilityGate& gate)
        : _database(database), _access(access), _gate(gate)
    {
    }

    /// Reader role; 400 `decision id must be a UUID`; waits for `token` on the connection it then reads
    /// with; 404 `decision not found` (also for another org's); 403 `insufficient permissions` unless the
    /// decision's agent is visible to the caller. A decision whose fields match its hash is still
    /// `tampered` when a batch sealed it and the hash no longer reproduces that batch's root: the hash
    /// itself (or the batch) was rewritten after sealing.
    Result verify(const auth::Principal& caller, const std::string& id,
                  const std::optional<consistency::VisibilityToken>& token);

private:
    storage::Database& _database;
    services::AccessPolicy& _access;
    const consistency::VisibilityGate& _gate;
};
} // namespace akashi::integrity
