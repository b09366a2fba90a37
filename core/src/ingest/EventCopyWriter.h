#pragma once
#include "consistency/VisibilityToken.h"
#include "ingest/EventBatch.h"

#include <optional>
#include <string>

namespace akashi::storage
{
class PgConnection;
}

namespace akashi::ingest
{
/// Writes one batch of events to `agent_events` with a single libpq COPY (text format) inside one
/// transaction: BEGIN; COPY ... FROM STDIN; COMMIT. Stateless; the connection is used by one thread.
class EventCopyWriter
{
public:
    /// Commits every event of `batch` or none. Returns the visibility token read after COMMIT, or nullopt
    /// when the batch committed but the token could not be read (callers then fall back to row-existence
    /// tokens). Throws storage::DatabaseError when anything before or at COMMIT failed; the transaction is
    /// rolled back then (a connection that failed at COMMIT may have committed: see `alreadyWritten`).
    static std::optional<consistency::VisibilityToken> write(storage::PgConnection& connection,
                                                             const EventBatch& batch);

    /// Whether the batch's first event is in the table. A batch commits atomically, so after a failure
    /// whose outcome is unknown (the connection broke during COMMIT) this tells whether to write it again.
    static bool alreadyWritten(storage::PgConnection& connection, const EventBatch& batch);

    /// One row in COPY text format, tab-separated and newline-terminated, with backslash, tab, newline
    /// and carriage return escaped in every column.
    static std::string encodeRow(const storage::EventRecord& event);

    static constexpr const char* kCopyStatement =
        "COPY agent_events (id, run_id, org_id, event_type, sequence_num, occurred_at, agent_id, payload) FROM STDIN";
};
} // namespace akashi::ingest
