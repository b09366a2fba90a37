#pragma once
#include "RemoteEmbeddingClient.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/PluginContext.h>

#include <memory>
#include <string>

namespace akashi::plugins::embedding::ollama
{
/// Embeddings from an Ollama server (`POST <url>/api/embed`). Batches of up to 256 texts, each cut to 8 KiB
/// on a UTF-8 boundary (about 2000 tokens of English: at least the context of the usual embedding models,
/// 512 tokens for mxbai-embed-large, which Ollama truncates to), 64 inputs a request so one request stays
/// well inside the timeout on a CPU. Retries: see remote::RetryPolicy. Thread-safe.
class OllamaEmbeddingProvider final : public akashi::embedding::EmbeddingProvider
{
public:
    /// Config: `url` (http://localhost:11434), `model` (mxbai-embed-large), `dimensions`, `timeout`,
    /// `max_retries` (remote::RemoteSettings). Throws std::invalid_argument naming a bad key.
    explicit OllamaEmbeddingProvider(const plugin::PluginContext& context);

    /// The configured model name: vectors of different Ollama models are different spaces.
    std::string model() const noexcept override { return _model; }
    std::size_t dimensions() const noexcept override { return _client->dimensions(); }
    std::size_t maxBatchSize() const noexcept override { return _client->maxBatchSize(); }
    akashi::embedding::EmbeddingResult embed(const std::vector<std::string>& texts) noexcept override;

private:
    std::string _model;
    std::unique_ptr<remote::RemoteEmbeddingClient> _client;
};
} // namespace akashi::plugins::embedding::ollama
