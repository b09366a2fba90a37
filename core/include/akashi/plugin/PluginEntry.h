#pragma once
/// Helpers that implement a descriptor's create/destroy for a class, so no exception crosses the boundary
/// and the returned pointer is the kind interface the server casts it to:
///
///   AKASHI_PLUGIN_EXPORT const AkashiPluginDescriptor* akashi_plugin_descriptor() noexcept
///   {
///       static const auto d = akashi::plugin::makeDescriptor(
///           akashi::embedding::kEmbeddingKind, akashi::embedding::kEmbeddingApiVersion, "mine", "1.0.0",
///           &akashi::plugin::createInstance<akashi::embedding::EmbeddingProvider, MyProvider>,
///           &akashi::plugin::destroyInstance<akashi::embedding::EmbeddingProvider>);
///       return &d;
///   }
///
/// `Impl` has a constructor taking `const PluginContext&` that throws (e.g. std::invalid_argument) with a
/// message naming the bad configuration key; the message becomes the server's startup error.
#include <akashi/plugin/Abi.h>
#include <akashi/plugin/PluginContext.h>

#include <cstring>
#include <exception>

namespace akashi::plugin
{
inline void copyError(const char* text, char* error, size_t errorSize) noexcept
{
    if (error && errorSize > 0)
    {
        std::strncpy(error, text, errorSize - 1);
        error[errorSize - 1] = '\0';
    }
}

template <typename Interface, typename Impl>
void* createInstance(const PluginContext* context, char* error, size_t errorSize) noexcept
{
    try
    {
        return static_cast<void*>(static_cast<Interface*>(new Impl(*context)));
    }
    catch (const std::exception& e)
    {
        copyError(e.what(), error, errorSize);
    }
    catch (...)
    {
        copyError("unknown error", error, errorSize);
    }
    return nullptr;
}

template <typename Interface>
void destroyInstance(void* instance) noexcept
{
    delete static_cast<Interface*>(instance);
}
} // namespace akashi::plugin
