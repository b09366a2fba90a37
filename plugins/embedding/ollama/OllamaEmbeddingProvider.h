#pragma once
#include "RemoteEmbeddingProvider.h"

#include <akashi/plugin/PluginContext.h>

namespace akashi::plugins::embedding::ollama
{
/// Embeddings from an Ollama server (`POST <url>/api/embed`). Batches of up to 256 texts, each cut to 8 KiB
/// on a UTF-8 boundary (about 2000 tokens of English: at least the context of the usual embedding models,
/// 512 tokens for mxbai-embed-large, which Ollama truncates to), 64 inputs a request so one request stays
/// well inside the timeout on a CPU. Retries: see remote::RetryPolicy.
class OllamaEmbeddingProvider final : public remote::RemoteEmbeddingProvider
{
public:
    /// Config: `url` (http://localhost:11434), `model` (mxbai-embed-large), `dimensions`, `timeout`,
    /// `max_retries` (remote::RemoteSettings). Throws std::invalid_argument naming a bad key.
    explicit OllamaEmbeddingProvider(const plugin::PluginContext& context);
};
} // namespace akashi::plugins::embedding::ollama
