#include "integrity/ProofStore.h"

namespace akashi::integrity
{
namespace
{
constexpr const char* kProofColumns =
    "p.id::text AS id, p.org_id::text AS org_id, p.batch_start, p.batch_end, p.decision_count, p.root_hash, "
    "p.previous_root";

ProofRecord proofAt(const storage::PgResult& rows, int row)
{
    ProofRecord proof;
    proof.id = rows.text(row, "id");
    proof.orgId = rows.text(row, "org_id");
    proof.batchStart = Timestamp::fromPostgres(rows.text(row, "batch_start"));
    proof.batchEnd = Timestamp::fromPostgres(rows.text(row, "batch_end"));
    proof.decisionCount = rows.int64(row, "decision_count");
    proof.rootHash = rows.text(row, "root_hash");
    proof.previousRoot = rows.optionalText(row, "previous_root");
    return proof;
}
} // namespace

void ProofStore::lockBatches(storage::PgConnection& connection)
{
    connection.exec("SELECT pg_advisory_xact_lock($1)", storage::SqlParams().add(kBatchLock));
}

std::vector<std::string> ProofStore::orgsWithPending(storage::PgConnection& connection)
{
    const auto rows = connection.exec("SELECT DISTINCT org_id::text AS org_id FROM integrity_pending ORDER BY 1");
    std::vector<std::string> orgs;
    for (int i = 0; i < rows.rows(); ++i)
        orgs.push_back(rows.text(i, "org_id"));
    return orgs;
}

std::vector<PendingLeaf> ProofStore::takePending(storage::PgConnection& connection, const std::string& orgId, int limit)
{
    // A concurrent DELETE of the same rows (should the lock ever be bypassed) waits for this one and then
    // finds them gone, so each queued decision is returned by exactly one batch.
    const auto rows = connection.exec(
        "WITH taken AS (DELETE FROM integrity_pending WHERE org_id = $1::uuid AND decision_id IN "
        "(SELECT decision_id FROM integrity_pending WHERE org_id = $1::uuid ORDER BY queued_at, decision_id LIMIT $2) "
        "RETURNING decision_id) "
        "SELECT d.id::text AS decision_id, d.content_hash, d.created_at FROM taken "
        "JOIN decisions d ON d.id = taken.decision_id AND d.org_id = $1::uuid",
        storage::SqlParams().add(orgId).add(limit));
    std::vector<PendingLeaf> leaves;
    leaves.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i)
        leaves.push_back({rows.text(i, "decision_id"), rows.optionalText(i, "content_hash"),
                          Timestamp::fromPostgres(rows.text(i, "created_at"))});
    return leaves;
}

std::optional<ProofRecord> ProofStore::latest(storage::PgConnection& connection, const std::string& orgId)
{
    const auto rows = connection.exec(std::string("SELECT ") + kProofColumns +
                                          " FROM integrity_proofs p WHERE p.org_id = $1::uuid "
                                          "ORDER BY p.batch_end DESC, p.id DESC LIMIT 1",
                                      storage::SqlParams().add(orgId));
    if (rows.rows() == 0)
        return std::nullopt;
    return proofAt(rows, 0);
}

ProofRecord ProofStore::insert(storage::PgConnection& connection, const std::string& orgId,
                               Timestamp::TimePoint batchStart, bool strictlyAfterStart, const std::string& rootHash,
                               const std::optional<std::string>& previousRoot,
                               const std::vector<std::pair<std::string, std::string>>& sortedLeaves)
{
    // batch_end is read after the batch lock, and kept strictly increasing per org, so ordering an org's
    // batches by batch_end is their chain order even if a clock steps back.
    const auto minimumEnd = strictlyAfterStart ? batchStart + std::chrono::microseconds(1) : batchStart;
    const auto rows = connection.exec(
        "INSERT INTO integrity_proofs AS p (org_id, batch_start, batch_end, decision_count, root_hash, previous_root) "
        "VALUES ($1::uuid, $2::timestamptz, greatest(clock_timestamp(), $3::timestamptz), $4, $5, $6) RETURNING " +
            std::string(kProofColumns),
        storage::SqlParams()
            .add(orgId)
            .add(Timestamp::toSqlParameter(batchStart))
            .add(Timestamp::toSqlParameter(minimumEnd))
            .add(static_cast<std::int64_t>(sortedLeaves.size()))
            .add(rootHash)
            .add(previousRoot));
    auto proof = proofAt(rows, 0);
    connection.exec("INSERT INTO proof_leaves (proof_id, org_id, position, decision_id, content_hash) "
                    "SELECT $1::uuid, $2::uuid, (t.ordinality - 1)::int, t.decision_id, t.content_hash "
                    "FROM unnest($3::uuid[], $4::text[]) WITH ORDINALITY AS t(decision_id, content_hash, ordinality)",
                    storage::SqlParams().add(proof.id).add(orgId).addTextArrayPair(sortedLeaves));
    return proof;
}

std::optional<ProofStore::Membership> ProofStore::findForDecision(storage::PgConnection& connection,
                                                                  const std::string& orgId,
                                                                  const std::string& decisionId)
{
    const auto rows = connection.exec(std::string("SELECT l.position, ") + kProofColumns +
                                          " FROM proof_leaves l JOIN integrity_proofs p ON p.id = l.proof_id "
                                          "AND p.org_id = l.org_id WHERE l.org_id = $1::uuid AND l.decision_id = $2::uuid",
                                      storage::SqlParams().add(orgId).add(decisionId));
    if (rows.rows() == 0)
        return std::nullopt;
    return Membership{proofAt(rows, 0), rows.int64(0, "position")};
}

std::vector<ProofLeaf> ProofStore::leaves(storage::PgConnection& connection, const std::string& orgId,
                                          const std::string& proofId)
{
    const auto rows = connection.exec(
        "SELECT position, decision_id::text AS decision_id, content_hash FROM proof_leaves "
        "WHERE org_id = $1::uuid AND proof_id = $2::uuid ORDER BY position",
        storage::SqlParams().add(orgId).add(proofId));
    std::vector<ProofLeaf> out;
    out.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i)
        out.push_back({rows.int64(i, "position"), rows.text(i, "decision_id"), rows.text(i, "content_hash")});
    return out;
}

std::vector<ProofRecord> ProofStore::chain(storage::PgConnection& connection, const std::string& orgId,
                                           const ProofRecord* after, int limit)
{
    std::optional<std::string> afterEnd;
    std::optional<std::string> afterId;
    if (after)
    {
        afterEnd = Timestamp::toSqlParameter(after->batchEnd);
        afterId = after->id;
    }
    const auto rows = connection.exec(std::string("SELECT ") + kProofColumns +
                                          " FROM integrity_proofs p WHERE p.org_id = $1::uuid "
                                          "AND ($2::timestamptz IS NULL OR (p.batch_end, p.id) > ($2::timestamptz, $3::uuid)) "
                                          "ORDER BY p.batch_end, p.id LIMIT $4",
                                      storage::SqlParams().add(orgId).add(afterEnd).add(afterId).add(limit));
    std::vector<ProofRecord> out;
    for (int i = 0; i < rows.rows(); ++i)
        out.push_back(proofAt(rows, i));
    return out;
}
} // namespace akashi::integrity
