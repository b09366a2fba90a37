#pragma once
#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/PluginContext.h>

namespace akashi::plugins::embedding::noop
{
/// Zero vectors of the configured dimensions: lets the server run with semantic search off (search then
/// falls back to text). Stateless, so thread-safe.
class NoopEmbeddingProvider final : public akashi::embedding::EmbeddingProvider
{
public:
    /// Config: `dimensions` (1..16000, default 1024). Throws std::invalid_argument naming a bad key.
    explicit NoopEmbeddingProvider(const plugin::PluginContext& context);

    std::string model() const noexcept override { return "noop"; }
    std::size_t dimensions() const noexcept override { return _dimensions; }
    std::size_t maxBatchSize() const noexcept override { return 2048; }
    akashi::embedding::EmbeddingResult embed(const std::vector<std::string>& texts) noexcept override;

private:
    std::size_t _dimensions;
};
} // namespace akashi::plugins::embedding::noop
