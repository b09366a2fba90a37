#include "OllamaEmbeddingProvider.h"

#include "OllamaWireFormat.h"

#include <akashi/plugin/ConfigReader.h>

#include <stdexcept>

namespace akashi::plugins::embedding::ollama
{
namespace
{
constexpr remote::RequestLimits kLimits{256, 64, 8192, 64 * 8192};
}

OllamaEmbeddingProvider::OllamaEmbeddingProvider(const plugin::PluginContext& context)
{
    if (!context.logger)
        throw std::invalid_argument("the plugin context has no logger");
    plugin::ConfigReader config(context.config);
    const auto settings = remote::RemoteSettings::read(config, "http://localhost:11434", "mxbai-embed-large");
    config.rejectUnknownKeys();

    _model = settings.model;
    _client = std::make_unique<remote::RemoteEmbeddingClient>(settings, std::make_unique<OllamaWireFormat>(settings.model),
                                                              kLimits, remote::JsonHttpClient::Headers{}, *context.logger);
    context.logger->log(plugin::LogLevel::info, "ollama embedding provider ready",
                        {{"url", settings.url.text()},
                         {"model", _model},
                         {"dimensions", std::to_string(settings.dimensions)},
                         {"timeout_ms", std::to_string(settings.timeout.count())},
                         {"max_retries", std::to_string(settings.maxRetries)}});
}

akashi::embedding::EmbeddingResult OllamaEmbeddingProvider::embed(const std::vector<std::string>& texts) noexcept
{
    return _client->embed(texts);
}
} // namespace akashi::plugins::embedding::ollama
