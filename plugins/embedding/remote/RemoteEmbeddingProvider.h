#pragma once
#include "RemoteEmbeddingClient.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/HostLogger.h>

#include <memory>
#include <string>

namespace akashi::plugins::embedding::remote
{
/// The EmbeddingProvider of an HTTP embedding API: everything but the configuration, which each plugin
/// (openai, ollama) reads into `Setup` itself. Logs "<name> embedding provider ready" with its settings
/// (never a header value). Thread-safe (RemoteEmbeddingClient).
class RemoteEmbeddingProvider : public akashi::embedding::EmbeddingProvider
{
public:
    struct Setup
    {
        std::string name; ///< e.g. "openai", for the ready line
        RemoteSettings settings;
        std::unique_ptr<EmbeddingWireFormat> format;
        RequestLimits limits;
        JsonHttpClient::Headers headers;
        plugin::HostLogger* logger = nullptr; ///< null → std::invalid_argument
    };

    explicit RemoteEmbeddingProvider(Setup setup);

    /// The configured model name: vectors of different models are different spaces.
    std::string model() const noexcept override { return _model; }
    std::size_t dimensions() const noexcept override { return _client->dimensions(); }
    std::size_t maxBatchSize() const noexcept override { return _client->maxBatchSize(); }
    akashi::embedding::EmbeddingResult embed(const std::vector<std::string>& texts) noexcept override
    {
        return _client->embed(texts);
    }

private:
    std::string _model;
    std::unique_ptr<RemoteEmbeddingClient> _client;
};
} // namespace akashi::plugins::embedding::remote
