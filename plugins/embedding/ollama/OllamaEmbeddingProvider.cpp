#include "OllamaEmbeddingProvider.h"

#include "OllamaWireFormat.h"

#include <akashi/plugin/ConfigReader.h>

namespace akashi::plugins::embedding::ollama
{
namespace
{
constexpr remote::RequestLimits kLimits{256, 64, 8192, 64 * 8192};

remote::RemoteEmbeddingProvider::Setup setupFrom(const plugin::PluginContext& context)
{
    plugin::ConfigReader config(context.config);
    auto settings = remote::RemoteSettings::read(config, "http://localhost:11434", "mxbai-embed-large");
    config.rejectUnknownKeys();
    auto format = std::make_unique<OllamaWireFormat>(settings.model);
    return {"ollama", std::move(settings), std::move(format), kLimits, {}, context.logger};
}
} // namespace

OllamaEmbeddingProvider::OllamaEmbeddingProvider(const plugin::PluginContext& context)
    : RemoteEmbeddingProvider(setupFrom(context))
{
}
} // namespace akashi::plugins::embedding::ollama
