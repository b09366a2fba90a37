#include "integrity/VerifierReader.h"

namespace akashi::integrity
{
std::int64_t VerifierReader::countDecisions(storage::PgConnection& connection, const std::optional<std::string>& orgId)
{
    return connection
        .exec("SELECT count(*) AS n FROM decisions WHERE $1::uuid IS NULL OR org_id = $1::uuid",
              storage::SqlParams().add(orgId))
        .int64(0, "n");
}

std::int64_t VerifierReader::countLeaves(storage::PgConnection& connection, const std::optional<std::string>& orgId)
{
    return connection
        .exec("SELECT count(*) AS n FROM proof_leaves WHERE $1::uuid IS NULL OR org_id = $1::uuid",
              storage::SqlParams().add(orgId))
        .int64(0, "n");
}

std::vector<AuditedDecision> VerifierReader::decisions(storage::PgConnection& connection,
                                                       const std::optional<std::string>& orgId,
                                                       const std::optional<std::pair<std::string, std::string>>& after,
                                                       int limit)
{
    std::optional<std::string> afterOrg;
    std::optional<std::string> afterId;
    if (after)
    {
        afterOrg = after->first;
        afterId = after->second;
    }
    const auto rows = connection.exec(
        std::string("SELECT d.org_id::text AS org_id, ") + HashedDecisionReader::kColumns +
            ", EXISTS (SELECT 1 FROM proof_leaves l WHERE l.decision_id = d.id AND l.org_id = d.org_id) AS sealed"
            ", EXISTS (SELECT 1 FROM integrity_pending p WHERE p.decision_id = d.id AND p.org_id = d.org_id) AS pending"
            " FROM decisions d WHERE ($1::uuid IS NULL OR d.org_id = $1::uuid)"
            " AND ($2::uuid IS NULL OR (d.org_id, d.id) > ($2::uuid, $3::uuid)) ORDER BY d.org_id, d.id LIMIT $4",
        storage::SqlParams().add(orgId).add(afterOrg).add(afterId).add(limit));
    std::vector<AuditedDecision> out;
    out.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i)
        out.push_back({rows.text(i, "org_id"), HashedDecisionReader::fromRow(rows, i), rows.boolean(i, "sealed"),
                       rows.boolean(i, "pending")});
    return out;
}

std::vector<std::string> VerifierReader::orgsWithProofs(storage::PgConnection& connection,
                                                        const std::optional<std::string>& orgId)
{
    const auto rows = connection.exec("SELECT DISTINCT org_id::text AS org_id FROM integrity_proofs "
                                      "WHERE $1::uuid IS NULL OR org_id = $1::uuid ORDER BY 1",
                                      storage::SqlParams().add(orgId));
    std::vector<std::string> orgs;
    for (int i = 0; i < rows.rows(); ++i)
        orgs.push_back(rows.text(i, "org_id"));
    return orgs;
}

std::vector<AuditedLeaf> VerifierReader::leaves(storage::PgConnection& connection, const std::string& orgId,
                                                const std::string& proofId)
{
    // The audit log is only searched for leaves whose decision is gone (CASE evaluates lazily).
    const auto rows = connection.exec(
        "SELECT l.position, l.decision_id::text AS decision_id, l.content_hash AS sealed_hash, "
        "d.id IS NOT NULL AS present, d.content_hash AS current_hash, "
        "CASE WHEN d.id IS NULL THEN (SELECT coalesce(a.record_data->>'content_hash', '') FROM deletion_audit_log a "
        "WHERE a.org_id = l.org_id AND a.table_name = 'decisions' AND a.record_id = l.decision_id::text "
        "ORDER BY a.id LIMIT 1) END AS deleted_hash "
        "FROM proof_leaves l LEFT JOIN decisions d ON d.id = l.decision_id AND d.org_id = l.org_id "
        "WHERE l.org_id = $1::uuid AND l.proof_id = $2::uuid ORDER BY l.position",
        storage::SqlParams().add(orgId).add(proofId));
    std::vector<AuditedLeaf> out;
    out.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i)
        out.push_back({rows.int64(i, "position"), rows.text(i, "decision_id"), rows.text(i, "sealed_hash"),
                       rows.boolean(i, "present"), rows.optionalText(i, "current_hash"),
                       rows.optionalText(i, "deleted_hash")});
    return out;
}
} // namespace akashi::integrity
