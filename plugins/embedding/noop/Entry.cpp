#include "NoopEmbeddingProvider.h"

#include <akashi/plugin/PluginEntry.h>

using akashi::embedding::EmbeddingProvider;
using akashi::plugins::embedding::noop::NoopEmbeddingProvider;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::embedding::kEmbeddingKind, akashi::embedding::kEmbeddingApiVersion, "noop", "1.0.0",
        &akashi::plugin::createInstance<EmbeddingProvider, NoopEmbeddingProvider>,
        &akashi::plugin::destroyInstance<EmbeddingProvider>);
    return &descriptor;
}
