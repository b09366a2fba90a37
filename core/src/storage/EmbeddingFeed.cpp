#include "storage/EmbeddingFeed.h"

#include "storage/FloatArray.h"
#include "storage/SqlParams.h"

namespace akashi::storage
{
std::vector<EmbeddingFeed::Change> EmbeddingFeed::after(PgConnection& connection, std::int64_t afterSequence,
                                                        const std::string& model, int dimensions, int limit)
{
    // The vector text is only fetched for rows the follower will index.
    auto rows = connection.exec(
        "SELECT embedding_seq, id::text AS id, org_id::text AS org_id, live, "
        "CASE WHEN live THEN embedding::text END AS embedding FROM ("
        "  SELECT embedding_seq, id, org_id, embedding,"
        "         (valid_to IS NULL AND embedding IS NOT NULL AND embedding_model = $2 AND embedding_dimensions = $3) AS live"
        "  FROM decisions WHERE embedding_seq > $1 ORDER BY embedding_seq LIMIT $4) c",
        SqlParams().add(afterSequence).add(model).add(dimensions).add(limit));
    std::vector<Change> changes;
    changes.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i)
    {
        Change change;
        change.sequence = rows.int64(i, "embedding_seq");
        change.decisionId = rows.text(i, "id");
        change.orgId = rows.text(i, "org_id");
        change.live = rows.boolean(i, "live");
        if (change.live)
            change.vector = parseFloatArray(rows.text(i, "embedding"));
        changes.push_back(std::move(change));
    }
    return changes;
}
} // namespace akashi::storage
