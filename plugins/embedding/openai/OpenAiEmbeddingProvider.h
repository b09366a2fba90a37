#pragma once
#include "RemoteEmbeddingClient.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/PluginContext.h>

#include <memory>
#include <string>

namespace akashi::plugins::embedding::openai
{
/// Embeddings from the OpenAI API (`POST <url>/v1/embeddings`, bearer `api_key`), or any server speaking
/// it. Batches of up to 256 texts, each cut to 8191*3 bytes on a UTF-8 boundary (the API's limit is 8191
/// tokens; English averages about 4 bytes a token), packed into requests of at most 2048 inputs and
/// 900,000 bytes (the API allows 300,000 tokens a request). Retries: see remote::RetryPolicy.
/// Thread-safe (remote::RemoteEmbeddingClient).
class OpenAiEmbeddingProvider final : public akashi::embedding::EmbeddingProvider
{
public:
    /// Config: `api_key` (required, never logged), `url` (https://api.openai.com), `model`
    /// (text-embedding-3-small), `dimensions`, `timeout`, `max_retries` (remote::RemoteSettings).
    /// Throws std::invalid_argument naming a bad key.
    explicit OpenAiEmbeddingProvider(const plugin::PluginContext& context);

    std::string model() const noexcept override { return _model; }
    std::size_t dimensions() const noexcept override { return _client->dimensions(); }
    std::size_t maxBatchSize() const noexcept override { return _client->maxBatchSize(); }
    akashi::embedding::EmbeddingResult embed(const std::vector<std::string>& texts) noexcept override;

private:
    std::string _model;
    std::unique_ptr<remote::RemoteEmbeddingClient> _client;
};
} // namespace akashi::plugins::embedding::openai
