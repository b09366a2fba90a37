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

remote::RemoteEmbeddingProvider::Setup setupFrom(const plugin::PluginContext& context)
{
    plugin::ConfigReader config(context.config);
    const std::string apiKey = config.string("api_key", "");
    auto settings = remote::RemoteSettings::read(config, "https://api.openai.com", "text-embedding-3-small");
    config.rejectUnknownKeys();
    // Neither message quotes the key.
    if (apiKey.empty())
        throw std::invalid_argument("api_key: the openai provider needs an API key (set OPENAI_API_KEY or "
                                    "akashi.embedding.openai.api_key)");
    if (std::any_of(apiKey.begin(), apiKey.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); }))
        throw std::invalid_argument("api_key: contains control characters");
    auto format = std::make_unique<OpenAiWireFormat>(settings.model, settings.dimensions, apiKey);
    return {"openai",
            std::move(settings),
            std::move(format),
            kLimits,
            {{"Authorization", "Bearer " + apiKey}},
            context.logger};
}
} // namespace

OpenAiEmbeddingProvider::OpenAiEmbeddingProvider(const plugin::PluginContext& context)
    : RemoteEmbeddingProvider(setupFrom(context))
{
}
} // namespace akashi::plugins::embedding::openai
