#pragma once
#include "RemoteEmbeddingProvider.h"

#include <akashi/plugin/PluginContext.h>

namespace akashi::plugins::embedding::openai
{
/// Embeddings from the OpenAI API (`POST <url>/v1/embeddings`, bearer `api_key`), or any server speaking
/// it. Batches of up to 256 texts, each cut to 8191*3 bytes on a UTF-8 boundary (the API's limit is 8191
/// tokens; English averages about 4 bytes a token), packed into requests of at most 2048 inputs and
/// 900,000 bytes (the API allows 300,000 tokens a request). Retries: see remote::RetryPolicy.
class OpenAiEmbeddingProvider final : public remote::RemoteEmbeddingProvider
{
public:
    /// Config: `api_key` (required, never logged), `url` (https://api.openai.com), `model`
    /// (text-embedding-3-small), `dimensions`, `timeout`, `max_retries` (remote::RemoteSettings).
    /// Throws std::invalid_argument naming a bad key.
    explicit OpenAiEmbeddingProvider(const plugin::PluginContext& context);
};
} // namespace akashi::plugins::embedding::openai
