#pragma once
#include "search/VectorSearch.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace akashi::mocks
{
/// A VectorSearch for tests of code that searches, with no HNSW graph: exact cosine similarity over
/// the vectors added per org, best first (ties by insertion order).
///
/// `setHits` replaces the answer for one org with a fixed list (e.g. to return another org's id, a
/// malformed id, or equal similarities in a chosen order); `failWith` makes every search throw.
/// Every call's org and k are recorded. Thread-safe (one mutex), as the interface requires.
class FakeVectorSearch final : public search::VectorSearch
{
public:
    struct Call
    {
        std::string orgId;
        std::size_t k = 0;
    };

    FakeVectorSearch(std::string model, std::size_t dimensions) : _model(std::move(model)), _dimensions(dimensions) {}

    const std::string& model() const noexcept override { return _model; }
    std::size_t dimensions() const noexcept override { return _dimensions; }

    std::vector<search::VectorHit> search(const std::string& orgId, const std::vector<float>& query,
                                          std::size_t k) const override
    {
        std::lock_guard lock(_mutex);
        _calls.push_back({orgId, k});
        if (_failure)
            throw std::runtime_error(*_failure);
        if (const auto fixed = _fixed.find(orgId); fixed != _fixed.end())
            return std::vector<search::VectorHit>(fixed->second.begin(),
                                                  fixed->second.begin() +
                                                      static_cast<std::ptrdiff_t>(std::min(k, fixed->second.size())));
        std::vector<search::VectorHit> hits;
        const auto entries = _entries.find(orgId);
        if (entries == _entries.end() || norm(query) == 0)
            return hits;
        for (const auto& [id, vector] : entries->second)
            hits.push_back({id, static_cast<float>(dot(query, vector) / (norm(query) * norm(vector)))});
        std::stable_sort(hits.begin(), hits.end(), [](const search::VectorHit& a, const search::VectorHit& b) {
            return a.similarity > b.similarity;
        });
        if (hits.size() > k)
            hits.resize(k);
        return hits;
    }

    /// Adds (or replaces) `decisionId` of `orgId` with `vector` (of `dimensions()` floats, not all zero).
    void add(const std::string& orgId, const std::string& decisionId, std::vector<float> vector)
    {
        if (vector.size() != _dimensions || norm(vector) == 0)
            throw std::invalid_argument("FakeVectorSearch::add needs a non-zero vector of " +
                                        std::to_string(_dimensions) + " dimensions");
        std::lock_guard lock(_mutex);
        auto& entries = _entries[orgId];
        const auto existing = std::find_if(entries.begin(), entries.end(),
                                           [&](const auto& entry) { return entry.first == decisionId; });
        if (existing != entries.end())
            existing->second = std::move(vector);
        else
            entries.emplace_back(decisionId, std::move(vector));
    }

    /// From now on every search of `orgId` answers `hits` (first k of them), whatever the query.
    void setHits(const std::string& orgId, std::vector<search::VectorHit> hits)
    {
        std::lock_guard lock(_mutex);
        _fixed[orgId] = std::move(hits);
    }

    /// From now on every search throws std::runtime_error(`message`).
    void failWith(std::string message)
    {
        std::lock_guard lock(_mutex);
        _failure = std::move(message);
    }

    std::vector<Call> calls() const
    {
        std::lock_guard lock(_mutex);
        return _calls;
    }

private:
    static double dot(const std::vector<float>& a, const std::vector<float>& b)
    {
        double sum = 0;
        for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
            sum += static_cast<double>(a[i]) * b[i];
        return sum;
    }
    static double norm(const std::vector<float>& v) { return std::sqrt(dot(v, v)); }

    const std::string _model;
    const std::size_t _dimensions;

    mutable std::mutex _mutex;
    std::map<std::string, std::vector<std::pair<std::string, std::vector<float>>>> _entries;
    std::map<std::string, std::vector<search::VectorHit>> _fixed;
    std::optional<std::string> _failure;
    mutable std::vector<Call> _calls;
};
} // namespace akashi::mocks
