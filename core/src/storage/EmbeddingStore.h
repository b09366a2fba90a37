#pragma once
#include "storage/EmbeddingSource.h"
#include "storage/OutboxEntry.h"
#include "storage/PgConnection.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace akashi::storage
{
/// Reads what to embed and writes vectors back into `decisions` / `evidence`. Every store and removal
/// takes the next `decision_embedding_seq` value under one transaction-scoped advisory lock, so the
/// sequence order is the commit order: an index follower that has read up to N has seen every change
/// numbered N or less, on every instance. Stateless; org-scoped by (id, org_id) pairs.
class EmbeddingStore
{
public:
    /// The decisions of `entries` (with their evidence) that still exist, in the order of `entries`;
    /// superseded ones have `current == false`.
    std::vector<EmbeddingSource> load(PgConnection& connection, const std::vector<OutboxEntry>& entries);

    /// Serialises sequence assignment until the caller's transaction ends. Call first in the transaction
    /// that stores or removes.
    void lockSequence(PgConnection& connection);

    /// Stores the vectors of still-current decisions with `model` and `dimensions`, each with a fresh
    /// embedding_seq; returns the ids of the decisions stored (a decision superseded meanwhile is skipped).
    std::vector<std::string> store(PgConnection& connection, const std::string& model, int dimensions,
                                   const std::vector<ComputedEmbedding>& embeddings);

    /// Gives closed (or deleted) decisions a fresh embedding_seq, so every index follower sees that
    /// they left; decisions never embedded are untouched (no index holds them).
    void markRemoved(PgConnection& connection, const std::vector<std::pair<std::string, std::string>>& decisionOrgIds);
};
} // namespace akashi::storage
