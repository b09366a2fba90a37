#include "storage/StreamEventLog.h"

#include "storage/SqlParams.h"

#include <algorithm>

namespace akashi::storage
{
namespace
{
/// "akashi" + 3; the other advisory locks use +1 (embedding sequence) and +2 (event partitions).
constexpr std::int64_t kRelayLock = 0x616b617368690003;

constexpr const char* kColumns = "id, coalesce(seq, 0) AS seq, org_id::text AS org_id, channel, payload";

std::vector<StreamEventRecord> records(const PgResult& rows)
{
    std::vector<StreamEventRecord> out;
    out.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i)
        out.push_back({rows.int64(i, "id"), rows.int64(i, "seq"), rows.text(i, "org_id"), rows.text(i, "channel"),
                       rows.text(i, "payload")});
    return out;
}
} // namespace

bool StreamEventLog::hasUnnumbered(PgConnection& connection)
{
    return connection.exec("SELECT 1 FROM stream_events WHERE seq IS NULL LIMIT 1").rows() > 0;
}

std::vector<StreamEventRecord> StreamEventLog::numberBatch(PgConnection& connection, int limit)
{
    connection.exec("SELECT pg_advisory_xact_lock($1)", SqlParams().add(kRelayLock));
    // Numbered in row order (the order the decisions were written): nextval is taken while reading the
    // ordered subquery, not in the UPDATE, whose row order is arbitrary.
    auto rows = connection.exec(
        "WITH numbered AS (SELECT id, nextval('stream_event_seq') AS seq FROM "
        "(SELECT id FROM stream_events WHERE seq IS NULL ORDER BY id LIMIT $1) waiting) "
        "UPDATE stream_events e SET seq = numbered.seq FROM numbered WHERE e.id = numbered.id "
        "RETURNING e.id, e.seq, e.org_id::text AS org_id, e.channel, e.payload",
        SqlParams().add(limit));
    auto out = records(rows);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    return out;
}

void StreamEventLog::unnumber(PgConnection& connection, const std::vector<std::int64_t>& rowIds)
{
    if (rowIds.empty())
        return;
    std::vector<std::string> ids;
    for (auto id : rowIds)
        ids.push_back(std::to_string(id));
    connection.exec("UPDATE stream_events SET seq = NULL WHERE id = ANY($1::bigint[])", SqlParams().addTextArray(ids));
}

std::vector<StreamEventRecord> StreamEventLog::replay(PgConnection& connection, const std::string& orgId,
                                                      std::int64_t afterSeq, std::chrono::seconds window, int limit)
{
    return records(connection.exec(std::string("SELECT ") + kColumns +
                                       " FROM stream_events WHERE org_id = $1::uuid AND seq IS NOT NULL AND seq > $2 "
                                       "AND created_at > now() - make_interval(secs => $3) ORDER BY seq LIMIT $4",
                                   SqlParams().add(orgId).add(afterSeq).add(static_cast<std::int64_t>(window.count())).add(limit)));
}

std::vector<StreamEventRecord> StreamEventLog::since(PgConnection& connection, std::int64_t afterSeq, int limit)
{
    return records(connection.exec(std::string("SELECT ") + kColumns +
                                       " FROM stream_events WHERE seq IS NOT NULL AND seq > $1 ORDER BY seq LIMIT $2",
                                   SqlParams().add(afterSeq).add(limit)));
}

std::optional<StreamEventRecord> StreamEventLog::bySeq(PgConnection& connection, std::int64_t seq)
{
    auto found = records(connection.exec(std::string("SELECT ") + kColumns + " FROM stream_events WHERE seq = $1",
                                         SqlParams().add(seq)));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::int64_t StreamEventLog::lastSeq(PgConnection& connection)
{
    return connection.exec("SELECT coalesce(max(seq), 0) AS seq FROM stream_events").int64(0, "seq");
}

std::int64_t StreamEventLog::prune(PgConnection& connection, std::chrono::seconds window)
{
    return connection
        .exec("DELETE FROM stream_events WHERE created_at < now() - make_interval(secs => $1)",
              SqlParams().add(static_cast<std::int64_t>(window.count())))
        .affectedRows();
}
} // namespace akashi::storage
