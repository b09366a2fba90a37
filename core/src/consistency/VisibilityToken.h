#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace akashi::storage
{
class PgConnection;
}

namespace akashi::consistency
{
/// What a read must be able to see before it may answer: the write's position in PostgreSQL's WAL and,
/// for events acknowledged before their batch committed (fire-and-forget), the run and the last
/// sequence number of that request. See docs/consistency.md.
///
/// Wire form (opaque to clients): `v1.<lsn as 16 hex digits>` or `v1.<lsn>.<run uuid>.<sequence_num>`.
struct VisibilityToken
{
    std::uint64_t lsn = 0;            ///< WAL position at or after the write's commit; 0 = none
    std::optional<std::string> runId; ///< buffered events: their run ...
    std::int64_t sequenceNum = 0;     ///< ... and the highest sequence_num assigned to the request

    std::string encode() const;

    /// Throws akashi::Exception(invalidInput) naming `field` ("min_visibility_token") when `text` is not
    /// a token this server issues.
    static VisibilityToken parse(const std::string& text, const std::string& field);

    /// A token for everything committed so far: `pg_current_wal_lsn()` read on `connection` after the
    /// write committed (with synchronous commit the WAL is written through the commit record by then).
    static VisibilityToken afterCommit(storage::PgConnection& connection);

    /// A token for events that are buffered, not yet committed.
    static VisibilityToken forBufferedEvents(std::string runId, std::int64_t lastSequenceNum);

    /// "16/B374D848" → 0x16B374D848. Throws std::invalid_argument.
    static std::uint64_t parseLsn(const std::string& text);
    static std::string formatLsn(std::uint64_t lsn);
};
} // namespace akashi::consistency
