#pragma once
#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/PluginContext.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace example::hash
{
/// Feature-hashing embeddings: each lowercase word token of a text (see WordTokenizer) is hashed with
/// 64-bit FNV-1a into one of `dimensions` buckets and adds +1 or -1 there (the sign comes from the hash's
/// top bit, so collisions cancel out on average instead of piling up); the vector is then scaled to unit
/// L2 length. Texts that share words get a high cosine similarity; no model, no network, the same vector
/// for the same text on every machine. A text without any word token embeds as the zero vector.
///
/// Stateless after construction, so `embed` is safe to call from several threads at once.
class HashEmbeddingProvider final : public akashi::embedding::EmbeddingProvider
{
public:
    /// Largest batch `embed` accepts.
    static constexpr std::size_t kMaxBatchSize = 2048;

    /// Config: `dimensions` (1..16000, default 1024); any other key is refused. Throws
    /// std::invalid_argument with a message naming the bad key (PluginEntry.h turns it into create()'s
    /// error). Logs one line through the host's logger.
    explicit HashEmbeddingProvider(const akashi::plugin::PluginContext& context);

    /// Names the hashing scheme; changing tokenisation or hashing must change it, because vectors of
    /// different models are never compared.
    std::string model() const noexcept override { return "feature-hash-fnv1a-v1"; }
    std::size_t dimensions() const noexcept override { return _dimensions; }
    std::size_t maxBatchSize() const noexcept override { return kMaxBatchSize; }

    /// Errors: `invalidArgument` for a batch over kMaxBatchSize or an empty text (naming its index),
    /// `internal` when memory runs out. Never throws.
    akashi::embedding::EmbeddingResult embed(const std::vector<std::string>& texts) noexcept override;

private:
    /// The unit-length (or zero) vector of one text. Throws std::bad_alloc only.
    std::vector<float> embedOne(std::string_view text) const;

    static std::uint64_t fnv1a(std::string_view bytes) noexcept;

    std::size_t _dimensions;
};
} // namespace example::hash
