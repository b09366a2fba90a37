#pragma once
#include "storage/PgConnection.h"
#include "storage/StreamEventRecord.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace akashi::storage
{
/// Reads and numbers stream_events (migration 0009). Rows are written by triggers on decisions and
/// scored_conflicts; this class only numbers, replays and prunes them. Stateless.
class StreamEventLog
{
public:
    /// True when some committed row still waits for a number (cheap: a partial index).
    static bool hasUnnumbered(PgConnection& connection);

    /// Inside a transaction: takes the relay's advisory lock (held to commit, so numbering and
    /// publishing are serialised across instances), then numbers up to `limit` waiting rows.
    /// Returned in seq order.
    static std::vector<StreamEventRecord> numberBatch(PgConnection& connection, int limit);

    /// Takes the numbers back from rows that could not be published (they are numbered again later).
    static void unnumber(PgConnection& connection, const std::vector<std::int64_t>& rowIds);

    /// Events of `orgId` after `afterSeq` within the replay window, oldest first, at most `limit`.
    static std::vector<StreamEventRecord> replay(PgConnection& connection, const std::string& orgId,
                                                 std::int64_t afterSeq, std::chrono::seconds window, int limit);

    /// Every org's events after `afterSeq`, oldest first, at most `limit` (catch-up after the notify
    /// transport reconnects).
    static std::vector<StreamEventRecord> since(PgConnection& connection, std::int64_t afterSeq, int limit);

    /// One event by its id (a notification too large for the transport carries only the id).
    static std::optional<StreamEventRecord> bySeq(PgConnection& connection, std::int64_t seq);

    /// The largest id handed out so far (0 when none).
    static std::int64_t lastSeq(PgConnection& connection);

    /// Deletes rows older than `window`; returns how many.
    static std::int64_t prune(PgConnection& connection, std::chrono::seconds window);
};
} // namespace akashi::storage
