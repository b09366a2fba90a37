#pragma once
#include "storage/ConflictStore.h"
#include "storage/EmbeddingSource.h"
#include "storage/NewConflict.h"

#include <string>
#include <vector>

namespace akashi::search
{
class VectorSearch;

/// Finds the decisions a newly embedded decision contradicts and stores each pair once in
/// `scored_conflicts` (reference §6). Two ways in:
/// - the spec's rule (ConflictStore::ruleMatches): same type, other agent, other outcome, within an hour.
///   Stored unless the two outcomes say the same thing in other words (outcome similarity ≥ 0.95);
/// - meaning: the decision's nearest neighbours in the vector index (and the rest of its batch, which
///   the index may not hold yet), stored when significance ≥ 0.30, outcome similarity < 0.85 and
///   sqrt(confidence product) ≥ 0.15. The same agent contradicting itself is a `self_contradiction`.
/// Runs on the caller's connection (inside the transaction that stores the embeddings, so a failure
/// retries both). Thread-safe if the VectorSearch is.
class ConflictDetector
{
public:
    static constexpr int kRuleCandidates = 50;
    static constexpr std::size_t kNeighbours = 20;
    static constexpr double kMinSignificance = 0.30;
    static constexpr double kMaxOutcomeSimilarity = 0.85;
    static constexpr double kSameOutcomeSimilarity = 0.95;
    static constexpr double kMinConfidenceWeight = 0.15;

    struct Detected
    {
        std::string id;
        storage::NewConflict conflict;
    };

    /// `index` may be null (no semantic candidates then); `model`/`dimensions` name the vector space.
    ConflictDetector(const VectorSearch* index, std::string model, int dimensions);

    /// The conflicts newly stored for `embedded` (each with its source in `sources`).
    std::vector<Detected> detect(storage::PgConnection& connection, const std::vector<storage::EmbeddingSource>& sources,
                                 const std::vector<storage::ComputedEmbedding>& embedded);

private:
    const VectorSearch* _index;
    const std::string _model;
    const int _dimensions;
    storage::ConflictStore _store;
};
} // namespace akashi::search
