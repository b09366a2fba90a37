#pragma once
#include "FeatureHasher.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/PluginContext.h>

#include <string>

namespace akashi::plugins::embedding::local
{
/// The offline default: vectors by feature hashing (FeatureHasher), computed in process with no model and
/// no network. Semantic only in the lexical sense (shared words and word parts), which is what lets the
/// server offer similarity search and conflict detection out of the box. Stateless after construction:
/// thread-safe.
class LocalEmbeddingProvider final : public akashi::embedding::EmbeddingProvider
{
public:
    /// Config: `dimensions` (1..16000, 1024), `ngram_min` (1..8, 3), `ngram_max` (1..8, 5, not below
    /// ngram_min). Throws std::invalid_argument naming a bad key.
    explicit LocalEmbeddingProvider(const plugin::PluginContext& context);

    /// "local-hash-v1-n<min>-<max>": the n-gram range changes the vector space, the dimensions are stated
    /// separately.
    std::string model() const noexcept override { return _model; }
    std::size_t dimensions() const noexcept override { return _hasher.dimensions(); }
    std::size_t maxBatchSize() const noexcept override { return kMaxBatchSize; }
    akashi::embedding::EmbeddingResult embed(const std::vector<std::string>& texts) noexcept override;

    static constexpr std::size_t kMaxBatchSize = 256;

private:
    /// Reads and checks the configuration; throws std::invalid_argument naming the key.
    static FeatureHasher makeHasher(const plugin::PluginContext& context);

    FeatureHasher _hasher;
    std::string _model;
};
} // namespace akashi::plugins::embedding::local
