#pragma once
#include "storage/PgConnection.h"

#include <cstdint>
#include <string>
#include <vector>

namespace akashi::storage
{
/// Reads embedding changes in `embedding_seq` order (see EmbeddingStore: that order is the commit
/// order), for a vector index that follows the decisions table.
class EmbeddingFeed
{
public:
    struct Change
    {
        std::int64_t sequence = 0;
        std::string decisionId;
        std::string orgId;
        /// The decision is current and embedded in the follower's vector space: index `vector`.
        /// Otherwise it was superseded, re-embedded by another model or size: drop it.
        bool live = false;
        std::vector<float> vector;
    };

    /// Up to `limit` changes after `afterSequence`, ascending.
    std::vector<Change> after(PgConnection& connection, std::int64_t afterSequence, const std::string& model,
                              int dimensions, int limit);
};
} // namespace akashi::storage
