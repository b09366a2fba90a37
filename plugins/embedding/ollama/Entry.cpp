#include "OllamaEmbeddingProvider.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::embedding::EmbeddingProvider;
using akashi::plugins::embedding::ollama::OllamaEmbeddingProvider;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::embedding::kEmbeddingKind, akashi::embedding::kEmbeddingApiVersion, "ollama", "1.0.0",
        &akashi::plugin::createInstance<EmbeddingProvider, OllamaEmbeddingProvider>,
        &akashi::plugin::destroyInstance<EmbeddingProvider>);
    return &descriptor;
}
