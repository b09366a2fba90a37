#pragma once
#include "search/VectorHit.h"
#include "search/VectorSearch.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include "search/WriterPreferringMutex.h"

#include <shared_mutex>
#include <string>
#include <vector>

namespace akashi::search
{
class OrgGraph;

/// The in-process approximate nearest neighbour index of one vector space (embedding model name +
/// dimensions): cosine similarity over hnswlib graphs, one graph per org, so a search can only ever reach
/// its own org's vectors (hnswlib 0.6.2's searchKnn takes no filter). Vectors are normalised on the way
/// in; similarity = 1 - inner product distance. HNSW parameters: M = 16, ef_construction = 200, search
/// ef = max(64, 2k).
///
/// PostgreSQL stays the source of truth: the index follows decisions.embedding_seq (appliedSequence), is
/// saved under `<directory>/<model>-<dimensions>/` and, when those files are missing or unusable, rebuilt
/// by replaying from sequence 0. The file layout is in docs/search.md.
///
/// Thread-safety: every method may be called concurrently. Searches of one org run in parallel with each
/// other; a write to an org waits for the searches under way, holds back new ones until it is done (a
/// writer-preferring reader-writer lock per org graph, so a steady stream of searches cannot starve the
/// follower) and never blocks other orgs. The org map has its own such lock; save() and load() are
/// serialised by a mutex.
class VectorIndex final : public VectorSearch
{
public:
    /// `directory` is the index root (<state dir>/vector-index); nothing is read or written until
    /// load() or save(). Empty model or dimensions outside [1, 16000] -> akashi::Exception(configInvalid).
    VectorIndex(std::string directory, std::string model, std::size_t dimensions);
    ~VectorIndex() override;
    VectorIndex(const VectorIndex&) = delete;
    VectorIndex& operator=(const VectorIndex&) = delete;

    const std::string& model() const noexcept override { return _model; }
    std::size_t dimensions() const noexcept override { return _dimensions; }

    /// Where save() writes and load() reads: directory/<model with unsafe characters as '_'>-<dimensions>.
    const std::string& stateDirectory() const noexcept { return _stateDirectory; }

    /// Adds or replaces the decision's vector in its org's graph. Empty ids, a vector of the wrong length
    /// or with a non-finite value -> akashi::Exception(invalidInput). A zero vector has no direction: it is
    /// not indexed, and any previous vector of the decision is removed instead.
    void upsert(const std::string& orgId, const std::string& decisionId, const std::vector<float>& vector);

    /// Removes the decision's vector; a no-op when the index has none.
    void remove(const std::string& orgId, const std::string& decisionId);

    /// The org's `k` nearest decisions by cosine similarity, best first; empty for an unknown org, k = 0
    /// or a zero query. A query of the wrong length or with a non-finite value -> Exception(invalidInput).
    std::vector<VectorHit> search(const std::string& orgId, const std::vector<float>& query, std::size_t k) const override;

    /// The highest decisions.embedding_seq applied; the follower resumes after it. It must call this only
    /// after the changes up to `seq` are applied: save() relies on that order.
    std::int64_t appliedSequence() const noexcept { return _appliedSequence.load(); }
    void setAppliedSequence(std::int64_t seq) noexcept { _appliedSequence.store(seq); }

    /// Live vectors, all orgs.
    std::size_t size() const noexcept { return _liveVectors.load(); }

    /// Persists every org graph changed since the last save or load (hnswlib saveIndex into a temp file,
    /// fsync, rename), then the manifest (model, dimensions, applied sequence, per org its file and label
    /// map) the same way, last; graph files no manifest names any more are removed afterwards. A crash at
    /// any point leaves the previous manifest and every file it names intact. Graphs with more than half
    /// of their elements deleted are compacted first. Nothing is written when nothing changed. Failures ->
    /// akashi::Exception(internal) naming the file; the previous saved state stays valid.
    void save() const;

    /// Replaces the contents with what save() wrote for this model and dimensions. No saved state ->
    /// empty index, applied sequence 0, false. Unusable state (corrupt or mismatching manifest or graph
    /// file) -> a logged warning, empty index, applied sequence 0, false: the caller rebuilds from
    /// PostgreSQL from sequence 0. True when loaded. Meant for startup, before the follower writes: a write
    /// racing with load() may be lost (the follower then replays it from the loaded sequence).
    bool load();

private:
    struct PersistedOrg
    {
        std::string file;
        std::uint64_t bytes = 0;
        std::string sha256;
        std::uint64_t version = 0; ///< OrgGraph::version() of the state in the file
    };

    /// A copy of the value with unit length, or empty for a zero vector; validates length and values.
    std::vector<float> unitVector(const std::vector<float>& vector, const char* what) const;
    std::shared_ptr<OrgGraph> findGraph(const std::string& orgId) const;
    std::shared_ptr<OrgGraph> graphFor(const std::string& orgId);
    std::vector<std::pair<std::string, std::shared_ptr<OrgGraph>>> graphs() const;
    void reset();
    void removeUnreferencedFiles(const std::vector<std::string>& referenced) const;

    std::string _directory;
    std::string _model;
    std::size_t _dimensions;
    std::string _stateDirectory;
    std::atomic<std::int64_t> _appliedSequence{0};
    std::atomic<std::size_t> _liveVectors{0};

    mutable WriterPreferringMutex _orgsMutex; ///< guards the map, not the graphs (each has its own lock)
    std::map<std::string, std::shared_ptr<OrgGraph>> _orgs;

    /// Serialises save() and load(); guards what the last manifest on disk says (save is const to its
    /// callers: it changes no index content, only this record of the files).
    mutable std::mutex _persistMutex;
    mutable std::map<std::string, PersistedOrg> _persisted;
    mutable std::uint64_t _generation = 0;
    mutable std::int64_t _persistedSequence = 0;
    mutable bool _hasManifest = false;
};
} // namespace akashi::search
