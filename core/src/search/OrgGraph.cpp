// The only translation unit that includes hnswlib: its hnswlib.h defines non-inline functions (cpuid,
// AVXCapable, ...) at namespace scope, so a second including file in the same binary fails to link.
#include "search/OrgGraph.h"

// hnswlib's SSE prefetches read the neighbour id one past the end of a link list (nmslib/hnswlib issues
// #107 and #578). The value only feeds _mm_prefetch, which never faults, but AddressSanitizer reports the
// read; sanitizer builds therefore use hnswlib's plain C++ path, as upstream's own sanitizer tests do.
#if defined(__SANITIZE_ADDRESS__) && !defined(NO_MANUAL_VECTORIZATION)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace akashi::search
{
struct OrgGraph::Hnsw
{
    using Graph = hnswlib::HierarchicalNSW<float>;

    /// A new, empty graph for `capacity` elements.
    Hnsw(std::size_t dimensions, std::size_t capacity)
        : space(dimensions), graph(std::make_unique<Graph>(&space, capacity, kM, kEfConstruction))
    {
    }

    /// A graph read from a saveIndex file.
    Hnsw(std::size_t dimensions, const std::string& path)
        : space(dimensions), graph(std::make_unique<Graph>(&space, path, false, 0))
    {
    }

    hnswlib::InnerProductSpace space; ///< declared first: the graph keeps pointers into it
    std::unique_ptr<Graph> graph;
};

OrgGraph::OrgGraph(std::size_t dimensions)
    : _dimensions(dimensions), _hnsw(std::make_unique<Hnsw>(dimensions, kInitialCapacity))
{
}

OrgGraph::OrgGraph(std::size_t dimensions, std::unique_ptr<Hnsw> hnsw) : _dimensions(dimensions), _hnsw(std::move(hnsw))
{
}

OrgGraph::~OrgGraph() = default;

bool OrgGraph::upsert(const std::string& decisionId, const float* unitVector)
{
    std::unique_lock lock(_mutex);
    if (sparseLocked())
        compactLocked();
    const bool added = addLocked(decisionId, unitVector);
    ++_version;
    return added;
}

bool OrgGraph::addLocked(const std::string& decisionId, const float* unitVector)
{
    auto& graph = *_hnsw->graph;
    if (const auto found = _labelByDecision.find(decisionId); found != _labelByDecision.end())
    {
        graph.addPoint(unitVector, found->second); // an existing label: hnswlib replaces its vector and relinks it
        return false;
    }
    if (graph.cur_element_count >= graph.max_elements_)
        graph.resizeIndex(std::max(kInitialCapacity, graph.max_elements_ * 2));
    const std::size_t label = _decisionByLabel.size();
    graph.addPoint(unitVector, label);
    _decisionByLabel.push_back(decisionId);
    _labelByDecision.emplace(decisionId, label);
    return true;
}

bool OrgGraph::remove(const std::string& decisionId)
{
    std::unique_lock lock(_mutex);
    const auto found = _labelByDecision.find(decisionId);
    if (found == _labelByDecision.end())
        return false;
    _hnsw->graph->markDelete(found->second);
    _decisionByLabel[found->second].clear();
    _labelByDecision.erase(found);
    ++_version;
    return true;
}

std::vector<VectorHit> OrgGraph::search(const float* unitQuery, std::size_t k) const
{
    std::shared_lock lock(_mutex);
    std::vector<VectorHit> hits;
    k = std::min(k, _labelByDecision.size());
    if (k == 0)
        return hits;
    auto nearest = _hnsw->graph->searchKnn(unitQuery, std::max(kMinSearchEf, 2 * k));
    // searchKnn's queue holds the farthest on top: drain it back to front.
    std::vector<std::pair<float, hnswlib::labeltype>> ordered(nearest.size());
    for (std::size_t i = ordered.size(); i > 0; --i)
    {
        ordered[i - 1] = nearest.top();
        nearest.pop();
    }
    hits.reserve(std::min(k, ordered.size()));
    for (const auto& [distance, label] : ordered)
    {
        if (hits.size() == k)
            break;
        const std::string& decisionId = _decisionByLabel.at(label);
        if (decisionId.empty())
            continue; // searchKnn skips deleted elements; this guards the bookkeeping, not hnswlib
        // Inner product distance is 1 - dot; rounding can step just outside [-1, 1].
        hits.push_back({decisionId, std::clamp(1.0f - distance, -1.0f, 1.0f)});
    }
    return hits;
}

std::size_t OrgGraph::liveCount() const
{
    std::shared_lock lock(_mutex);
    return _labelByDecision.size();
}

std::size_t OrgGraph::capacity() const
{
    std::shared_lock lock(_mutex);
    return _hnsw->graph->max_elements_;
}

bool OrgGraph::sparseLocked() const noexcept
{
    const std::size_t deleted = _decisionByLabel.size() - _labelByDecision.size();
    return deleted * 2 > _decisionByLabel.size();
}

bool OrgGraph::compactIfSparse()
{
    std::unique_lock lock(_mutex);
    if (!sparseLocked())
        return false;
    compactLocked();
    ++_version;
    return true;
}

void OrgGraph::compactLocked()
{
    // Rebuilt in label order, so the survivors keep their relative order under fresh, dense labels.
    const auto& old = *_hnsw->graph;
    auto rebuilt = std::make_unique<Hnsw>(_dimensions, std::max(kInitialCapacity, 2 * _labelByDecision.size()));
    std::vector<std::string> decisionByLabel;
    std::unordered_map<std::string, std::size_t> labelByDecision;
    decisionByLabel.reserve(_labelByDecision.size());
    labelByDecision.reserve(_labelByDecision.size());
    for (std::size_t label = 0; label < _decisionByLabel.size(); ++label)
    {
        if (_decisionByLabel[label].empty())
            continue;
        const std::vector<float> vector = old.getDataByLabel<float>(label);
        const std::size_t newLabel = decisionByLabel.size();
        rebuilt->graph->addPoint(vector.data(), newLabel);
        decisionByLabel.push_back(_decisionByLabel[label]);
        labelByDecision.emplace(_decisionByLabel[label], newLabel);
    }
    _hnsw = std::move(rebuilt);
    _decisionByLabel = std::move(decisionByLabel);
    _labelByDecision = std::move(labelByDecision);
}

std::uint64_t OrgGraph::version() const
{
    std::shared_lock lock(_mutex);
    return _version;
}

OrgGraph::Snapshot OrgGraph::snapshot() const
{
    std::shared_lock lock(_mutex);
    return snapshotLocked();
}

OrgGraph::Snapshot OrgGraph::snapshotLocked() const
{
    const auto& graph = *_hnsw->graph;
    Snapshot snapshot;
    snapshot.version = _version;
    snapshot.live = _labelByDecision.size();
    snapshot.decisionIdByLabel = _decisionByLabel;
    // The layout of HierarchicalNSW::saveIndex in hnswlib 0.6.2: the header fields, level 0 of every
    // element, then per element a 4-byte size and its upper-level link lists.
    std::uint64_t bytes = sizeof graph.offsetLevel0_ + sizeof graph.max_elements_ + sizeof graph.cur_element_count +
                          sizeof graph.size_data_per_element_ + sizeof graph.label_offset_ + sizeof graph.offsetData_ +
                          sizeof graph.maxlevel_ + sizeof graph.enterpoint_node_ + sizeof graph.maxM_ +
                          sizeof graph.maxM0_ + sizeof graph.M_ + sizeof graph.mult_ + sizeof graph.ef_construction_;
    bytes += graph.cur_element_count * graph.size_data_per_element_;
    for (std::size_t i = 0; i < graph.cur_element_count; ++i)
    {
        bytes += sizeof(unsigned int);
        if (graph.element_levels_[i] > 0)
            bytes += graph.size_links_per_element_ * static_cast<std::size_t>(graph.element_levels_[i]);
    }
    snapshot.expectedFileBytes = bytes;
    return snapshot;
}

OrgGraph::Snapshot OrgGraph::saveTo(const std::string& path) const
{
    std::shared_lock lock(_mutex);
    _hnsw->graph->saveIndex(path);
    return snapshotLocked();
}

std::unique_ptr<OrgGraph> OrgGraph::load(std::size_t dimensions, const std::string& path,
                                         std::vector<std::string> decisionIdByLabel)
{
    std::unique_ptr<OrgGraph> loaded(new OrgGraph(dimensions, std::make_unique<Hnsw>(dimensions, path)));
    auto& graph = *loaded->_hnsw->graph;

    // loadIndex trusts the file's geometry; check it against this vector space before any search.
    const std::size_t vectorBytes = dimensions * sizeof(float);
    if (graph.offsetLevel0_ != 0 || graph.offsetData_ != graph.size_links_level0_ ||
        graph.label_offset_ != graph.size_links_level0_ + vectorBytes ||
        graph.size_data_per_element_ != graph.label_offset_ + sizeof(hnswlib::labeltype))
        throw std::runtime_error("graph " + path + " does not hold vectors of " + std::to_string(dimensions) +
                                 " dimensions");
    if (graph.cur_element_count != decisionIdByLabel.size() || graph.label_lookup_.size() != decisionIdByLabel.size())
        throw std::runtime_error("graph " + path + " has " + std::to_string(graph.cur_element_count) +
                                 " elements, the manifest lists " + std::to_string(decisionIdByLabel.size()) +
                                 " labels");
    if (graph.cur_element_count == 0 || graph.enterpoint_node_ >= graph.cur_element_count ||
        graph.max_elements_ < graph.cur_element_count)
        throw std::runtime_error("graph " + path + " has an invalid entry point or capacity");

    std::size_t deleted = 0;
    for (std::size_t label = 0; label < decisionIdByLabel.size(); ++label)
    {
        const auto element = graph.label_lookup_.find(label);
        if (element == graph.label_lookup_.end())
            throw std::runtime_error("graph " + path + " has no element for label " + std::to_string(label));
        const bool isDeleted = graph.isMarkedDeleted(element->second);
        if (isDeleted != decisionIdByLabel[label].empty())
            throw std::runtime_error("graph " + path + " and the manifest disagree on whether label " +
                                     std::to_string(label) + " is deleted");
        if (isDeleted)
            ++deleted;
        else
            loaded->_labelByDecision.emplace(decisionIdByLabel[label], label);
    }
    // hnswlib 0.6.2's loading constructor counts deletions on top of an uninitialised num_deleted_.
    graph.num_deleted_ = deleted;
    loaded->_decisionByLabel = std::move(decisionIdByLabel);
    return loaded;
}
} // namespace akashi::search
