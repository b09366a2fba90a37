#pragma once
#include "integrity/HashedDecisionReader.h"
#include "storage/PgConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::integrity
{
/// A decision row as the integrity verifier checks it: hashed fields, and whether a batch sealed it or
/// it is still queued for one.
struct AuditedDecision
{
    std::string orgId;
    HashedDecision decision;
    bool sealed = false;
    bool pending = false;
};

/// A proof_leaves row with the decision it names as it is now.
struct AuditedLeaf
{
    std::int64_t position = 0;
    std::string decisionId;
    std::string sealedHash;                    ///< proof_leaves.content_hash
    bool decisionPresent = false;
    std::optional<std::string> currentHash;    ///< decisions.content_hash, when the row exists
    /// For a removed decision: the content hash in its deletion_audit_log record ("" when the record has
    /// none); nullopt when no record says it was deleted.
    std::optional<std::string> deletedHash;
};

/// The reads of the offline integrity check (IntegrityVerifier), over every org or one (`orgId`).
/// Stateless.
class VerifierReader
{
public:
    static std::int64_t countDecisions(storage::PgConnection& connection, const std::optional<std::string>& orgId);
    static std::int64_t countLeaves(storage::PgConnection& connection, const std::optional<std::string>& orgId);

    /// Keyset pages by (org_id, id) after `after` (org, id), or from the start.
    static std::vector<AuditedDecision> decisions(storage::PgConnection& connection,
                                                  const std::optional<std::string>& orgId,
                                                  const std::optional<std::pair<std::string, std::string>>& after,
                                                  int limit);

    /// The orgs that have integrity batches.
    static std::vector<std::string> orgsWithProofs(storage::PgConnection& connection,
                                                   const std::optional<std::string>& orgId);

    /// A batch's leaves in position order.
    static std::vector<AuditedLeaf> leaves(storage::PgConnection& connection, const std::string& orgId,
                                           const std::string& proofId);
};
} // namespace akashi::integrity
