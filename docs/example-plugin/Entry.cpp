// The plugin's one exported symbol. The server calls it first, checks the descriptor (ABI version, build
// signature, kind, name) and only then calls `create`.
#include "HashEmbeddingProvider.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/PluginEntry.h>

using akashi::embedding::EmbeddingProvider;
using example::hash::HashEmbeddingProvider;

AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
{
    // Kind and name must match the file name, embedding-hash.so; akashi_add_plugin names it so.
    static const AkashiPluginDescriptor descriptor = akashi::plugin::makeDescriptor(
        akashi::embedding::kEmbeddingKind, akashi::embedding::kEmbeddingApiVersion, "hash", HASH_PLUGIN_VERSION,
        &akashi::plugin::createInstance<EmbeddingProvider, HashEmbeddingProvider>,
        &akashi::plugin::destroyInstance<EmbeddingProvider>);
    return &descriptor;
}
