#include "OpenAiEmbeddingProvider.h"

#include "OpenAiWireFormat.h"

#include <akashi/plugin/ConfigReader.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace akashi::plugins::embedding::openai
{
namespace
{
constexpr remote::RequestLimits kLimits{256, 2048, 8191 * 3, 900000};
}

OpenAiEmbeddingProvider::OpenAiEmbeddingProvider(const plugin::PluginContext& context)
{
    if (!context.logger)
        throw std::invalid_argument("the plugin context has no logger");
    plugin::ConfigReader config(context.config);
    const std::string apiKey = config.string("api_key", "");
    const auto settings = remote::RemoteSettings::read(config, "https://api.openai.com", "text-embedding-3-small");
    config.rejectUnknownKeys();
    // Neither message quotes the key.
    if (apiKey.empty())
        throw std::invalid_argument("api_key: the openai provider needs an API key (set OPENAI_API_KEY or "
                                    "akashi.embedding.openai.api_key)");
    if (std::any_of(apiKey.begin(), apiKey.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); }))
        throw std::invalid_argument("api_key: contains control characters");

    _model = settings.model;
    _client = std::make_unique<remote::RemoteEmbeddingClient>(
        settings, std::make_unique<OpenAiWireFormat>(settings.model, settings.dimensions, apiKey), kLimits,
        remote::JsonHttpClient::Headers{{"Authorization", "Bearer " + apiKey}}, *context.logger);
    context.logger->log(plugin::LogLevel::info, "openai embedding provider ready",
                        {{"url", settings.url.text()},
                         {"model", _model},
                         {"dimensions", std::to_string(settings.dimensions)},
                         {"timeout_ms", std::to_string(settings.timeout.count())},
                         {"max_retries", std::to_string(settings.maxRetries)}});
}

akashi::embedding::EmbeddingResult OpenAiEmbeddingProvider::embed(const std::vector<std::string>& texts) noexcept
{
    return _client->embed(texts);
}
} // namespace akashi::plugins::embedding::openai
