#pragma once
#include "search/VectorHit.h"

#include <cstddef>
#include <string>
#include <vector>

namespace akashi::search
{
/// Nearest decisions of one org in one vector space; implemented by VectorIndex. SearchService depends
/// on this seam only, so it can be tested with a fake index and run without one (text search only).
/// Implementations are safe for concurrent `search` calls.
class VectorSearch
{
public:
    virtual ~VectorSearch() = default;

    /// The embedding model whose vectors the index holds; a query of another model is never compared.
    virtual const std::string& model() const noexcept = 0;
    /// Length of every vector in the index.
    virtual std::size_t dimensions() const noexcept = 0;

    /// Top k of the org by cosine similarity, best first; empty for an unknown org or a zero query.
    virtual std::vector<VectorHit> search(const std::string& orgId, const std::vector<float>& query,
                                          std::size_t k) const = 0;
};
} // namespace akashi::search
