#pragma once
#include "search/VectorHit.h"

#include <cstdint>
#include <memory>
#include "search/WriterPreferringMutex.h"

#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace akashi::search
{
/// One org's HNSW graph (hnswlib, inner product over unit vectors = cosine) and its bookkeeping: a label
/// counter and the decision id <-> label maps. Labels are never reused; a removed decision's element is
/// markDeleted and stays in the graph until a compaction rebuilds the graph from the live vectors.
///
/// Thread-safety: one writer-preferring reader-writer lock per graph. search, snapshots and saveTo take it
/// shared (hnswlib's searchKnn is safe to run concurrently); upsert, remove and compaction take it
/// exclusively.
/// Vectors handed in are already validated and normalised by VectorIndex: `dimensions()` floats, unit length.
class OrgGraph
{
public:
    static constexpr std::size_t kM = 16;
    static constexpr std::size_t kEfConstruction = 200;
    static constexpr std::size_t kMinSearchEf = 64;
    /// Elements allocated for a new graph; capacity doubles (resizeIndex) when full.
    static constexpr std::size_t kInitialCapacity = 256;

    explicit OrgGraph(std::size_t dimensions);
    ~OrgGraph();
    OrgGraph(const OrgGraph&) = delete;
    OrgGraph& operator=(const OrgGraph&) = delete;

    /// Adds the decision's vector, or replaces it (hnswlib updates an existing label in place). Compacts
    /// first when more than half of the elements are deleted. True when the decision had no vector before.
    bool upsert(const std::string& decisionId, const float* unitVector);

    /// Marks the decision's element deleted; false when the graph has no vector for it.
    bool remove(const std::string& decisionId);

    /// The `k` live elements nearest to `unitQuery`, best first. Searches with ef = max(64, 2k): hnswlib
    /// uses max(ef, k) as the candidate list size, so asking it for max(64, 2k) neighbours and keeping the
    /// first k gives that ef without mutating the graph's shared ef setting from concurrent readers.
    std::vector<VectorHit> search(const float* unitQuery, std::size_t k) const;

    std::size_t liveCount() const;
    std::size_t capacity() const;

    /// Rebuilds the graph from its live vectors when more than half of its elements are deleted (keeps
    /// memory bounded); true when it did.
    bool compactIfSparse();

    /// What a saved graph file corresponds to: the change counter and the label map at the moment of
    /// writing (index = label, "" = deleted label).
    struct Snapshot
    {
        std::uint64_t version = 0;
        std::size_t live = 0;
        std::vector<std::string> decisionIdByLabel;
        std::uint64_t expectedFileBytes = 0; ///< what hnswlib's saveIndex writes for this state
    };

    /// The current change counter; it moves on every upsert, remove and compaction.
    std::uint64_t version() const;
    Snapshot snapshot() const;

    /// Writes the graph with hnswlib's saveIndex to `path` and returns the matching snapshot, both under
    /// one shared lock. saveIndex reports no I/O errors, so callers compare the file's size with
    /// `expectedFileBytes`.
    Snapshot saveTo(const std::string& path) const;

    /// Loads a graph file written by saveTo and checks it against `decisionIdByLabel` (one entry per
    /// element, "" exactly for deleted ones) and the vector length. Throws std::exception on any mismatch.
    static std::unique_ptr<OrgGraph> load(std::size_t dimensions, const std::string& path,
                                          std::vector<std::string> decisionIdByLabel);

private:
    struct Hnsw;

    OrgGraph(std::size_t dimensions, std::unique_ptr<Hnsw> hnsw);

    bool addLocked(const std::string& decisionId, const float* unitVector);
    void compactLocked();
    bool sparseLocked() const noexcept;
    Snapshot snapshotLocked() const;

    std::size_t _dimensions;
    std::unique_ptr<Hnsw> _hnsw;
    std::unordered_map<std::string, std::size_t> _labelByDecision;
    std::vector<std::string> _decisionByLabel; ///< index = label; "" once deleted
    std::uint64_t _version = 0;
    mutable WriterPreferringMutex _mutex;
};
} // namespace akashi::search
