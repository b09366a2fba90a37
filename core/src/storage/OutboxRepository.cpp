#include "storage/OutboxRepository.h"

#include "storage/SqlParams.h"

#include <algorithm>

namespace akashi::storage
{
namespace
{
std::string interval(std::chrono::milliseconds duration)
{
    return std::to_string(duration.count()) + " milliseconds";
}

std::vector<std::string> idTexts(const std::vector<std::int64_t>& ids)
{
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (auto id : ids)
        out.push_back(std::to_string(id));
    return out;
}
} // namespace

std::vector<OutboxEntry> OutboxRepository::claim(PgConnection& connection, int limit, std::chrono::milliseconds lease)
{
    auto rows = connection.exec(
        "WITH claimable AS ("
        "  SELECT id FROM search_outbox"
        "  WHERE attempts < $1 AND (locked_until IS NULL OR locked_until < now())"
        "  ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) "
        "UPDATE search_outbox o SET locked_until = now() + $3::interval FROM claimable c WHERE o.id = c.id "
        "RETURNING o.id, o.decision_id::text AS decision_id, o.org_id::text AS org_id, o.operation, o.attempts",
        SqlParams().add(kDeadLetterAttempts).add(limit).add(interval(lease)));
    std::vector<OutboxEntry> entries;
    entries.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i)
        entries.push_back({rows.int64(i, "id"), rows.text(i, "decision_id"), rows.text(i, "org_id"),
                           rows.text(i, "operation"), static_cast<int>(rows.int64(i, "attempts"))});
    // RETURNING has no order; oldest first keeps processing (and tests) deterministic.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return entries;
}

void OutboxRepository::complete(PgConnection& connection, const std::vector<std::int64_t>& ids)
{
    if (ids.empty())
        return;
    connection.exec("DELETE FROM search_outbox WHERE id = ANY($1::bigint[])", SqlParams().addTextArray(idTexts(ids)));
}

int OutboxRepository::fail(PgConnection& connection, const OutboxEntry& entry, const std::string& error)
{
    // last_error is for the operator's diagnostic query; a provider's whole error page is not.
    const std::string trimmed = error.size() > 1024 ? error.substr(0, 1024) : error;
    auto row = connection.exec(
        "UPDATE search_outbox SET attempts = attempts + 1, last_error = $2, "
        "locked_until = now() + make_interval(secs => least(power(2, attempts + 1), 300)) "
        "WHERE id = $1 RETURNING attempts",
        SqlParams().add(entry.id).add(trimmed));
    return row.rows() == 1 ? static_cast<int>(row.int64(0, "attempts")) : entry.attempts + 1;
}

void OutboxRepository::release(PgConnection& connection, const std::vector<std::int64_t>& ids,
                               std::chrono::milliseconds delay)
{
    if (ids.empty())
        return;
    connection.exec("UPDATE search_outbox SET locked_until = now() + $2::interval WHERE id = ANY($1::bigint[])",
                    SqlParams().addTextArray(idTexts(ids)).add(interval(delay)));
}

std::int64_t OutboxRepository::archiveDeadLetters(PgConnection& connection, std::chrono::milliseconds age)
{
    auto moved = connection.exec(
        "WITH dead AS ("
        "  DELETE FROM search_outbox WHERE attempts >= $1 AND created_at < now() - $2::interval"
        "  RETURNING id, decision_id, org_id, operation, attempts, last_error, created_at) "
        "INSERT INTO search_outbox_dead_letters (id, decision_id, org_id, operation, attempts, last_error, created_at) "
        "SELECT id, decision_id, org_id, operation, attempts, last_error, created_at FROM dead "
        "ON CONFLICT (id) DO NOTHING",
        SqlParams().add(kDeadLetterAttempts).add(interval(age)));
    return moved.affectedRows();
}

std::int64_t OutboxRepository::pendingCount(PgConnection& connection)
{
    auto row = connection.exec("SELECT count(*) AS n FROM search_outbox WHERE attempts < $1",
                               SqlParams().add(kDeadLetterAttempts));
    return row.int64(0, "n");
}

std::int64_t OutboxRepository::enqueueUnembedded(PgConnection& connection, const std::string& model, int dimensions,
                                                 int limit)
{
    // A queued (live) upsert already covers its decision; a dead one is re-armed: the restart after
    // fixing a provider is the runbook's recovery, and it needs no SQL from the operator.
    auto queued = connection.exec(
        "INSERT INTO search_outbox (decision_id, org_id, operation) "
        "SELECT d.id, d.org_id, 'upsert' FROM decisions d "
        "WHERE d.valid_to IS NULL "
        "  AND (d.embedding IS NULL OR d.embedding_model IS DISTINCT FROM $1 OR d.embedding_dimensions IS DISTINCT FROM $2) "
        "  AND NOT EXISTS (SELECT 1 FROM search_outbox o WHERE o.decision_id = d.id AND o.operation = 'upsert' "
        "                  AND o.attempts < $3) "
        "LIMIT $4 "
        "ON CONFLICT (decision_id, operation) DO UPDATE SET attempts = 0, last_error = NULL, locked_until = NULL",
        SqlParams().add(model).add(dimensions).add(kDeadLetterAttempts).add(limit));
    return queued.affectedRows();
}
} // namespace akashi::storage
