#pragma once
#include "storage/OutboxEntry.h"
#include "storage/PgConnection.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace akashi::storage
{
/// The `search_outbox` queue (runbook §3): claimed with FOR UPDATE SKIP LOCKED so any number of server
/// instances share it; a claim is a lease (`locked_until`), so a crashed worker's rows come back when it
/// expires. `attempts >= kDeadLetterAttempts` is a dead letter: never claimed again until an operator (or
/// the startup backfill) resets it. Stateless; every method runs on the caller's connection.
class OutboxRepository
{
public:
    static constexpr int kDeadLetterAttempts = 10;

    /// Up to `limit` claimable rows (unlocked or lease expired, under the attempt limit), oldest first,
    /// each now locked for `lease`.
    std::vector<OutboxEntry> claim(PgConnection& connection, int limit, std::chrono::milliseconds lease);

    /// Deletes finished rows.
    void complete(PgConnection& connection, const std::vector<std::int64_t>& ids);

    /// Records a failure of `entry`: attempts + 1, `last_error`, and locked until now + min(2^(attempts+1),
    /// 300) s (the backoff). Returns the new attempt count.
    int fail(PgConnection& connection, const OutboxEntry& entry, const std::string& error);

    /// Hands rows back without counting an attempt (the provider, not the row, is at fault), claimable
    /// again after `delay`.
    void release(PgConnection& connection, const std::vector<std::int64_t>& ids, std::chrono::milliseconds delay);

    /// Moves dead letters created more than `age` ago into search_outbox_dead_letters; returns how many.
    std::int64_t archiveDeadLetters(PgConnection& connection, std::chrono::milliseconds age);

    /// Rows still to be processed (attempts under the limit).
    std::int64_t pendingCount(PgConnection& connection);

    /// Queues an `upsert` for up to `limit` current decisions that have no embedding of `model` with
    /// `dimensions` (never embedded, embedded by another provider, or another size) and re-arms their
    /// dead letters. Returns how many rows it queued or re-armed; the caller repeats until 0.
    std::int64_t enqueueUnembedded(PgConnection& connection, const std::string& model, int dimensions, int limit);
};
} // namespace akashi::storage
