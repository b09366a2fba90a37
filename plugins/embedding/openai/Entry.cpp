#include "OpenAiEmbeddingProvider.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::embedding::EmbeddingProvider;
using akashi::plugins::embedding::openai::OpenAiEmbeddingProvider;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::embedding::kEmbeddingKind, akashi::embedding::kEmbeddingApiVersion, "openai", "1.0.0",
        &akashi::plugin::createInstance<EmbeddingProvider, OpenAiEmbeddingProvider>,
        &akashi::plugin::destroyInstance<EmbeddingProvider>);
    return &descriptor;
}
