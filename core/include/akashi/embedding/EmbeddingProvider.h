#pragma once
#include <akashi/plugin/Status.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace akashi::embedding
{
/// Version of this interface; a plugin states it in its descriptor's `kind_api_version`.
inline constexpr std::uint32_t kEmbeddingApiVersion = 1;
inline constexpr const char* kEmbeddingKind = "embedding";

/// Vectors for a batch of texts, in input order, each of `dimensions()` floats; empty on failure.
struct EmbeddingResult
{
    plugin::Status status;
    std::vector<std::vector<float>> vectors;
};

/// Turns texts into vectors for semantic search.
/// Thread-safety: `embed` may be called concurrently from several threads; implementations synchronise
/// internally. `model` and `dimensions` are constant for the lifetime of the instance.
class EmbeddingProvider
{
public:
    virtual ~EmbeddingProvider() = default;

    /// Identifies the vector space, e.g. "text-embedding-3-small"; vectors of different models are never
    /// compared.
    virtual std::string model() const noexcept = 0;

    /// Length of every vector `embed` returns.
    virtual std::size_t dimensions() const noexcept = 0;

    /// Largest batch `embed` accepts in one call; callers split larger batches.
    virtual std::size_t maxBatchSize() const noexcept = 0;

    /// Embeds `texts` (each non-empty UTF-8). On success `vectors.size() == texts.size()`.
    /// Errors: `invalidArgument` (bad input), `unavailable` (provider down / timeout, retry later),
    /// `rateLimited` (retry after `retryAfterMs`), `internal`.
    virtual EmbeddingResult embed(const std::vector<std::string>& texts) noexcept = 0;
};
} // namespace akashi::embedding
