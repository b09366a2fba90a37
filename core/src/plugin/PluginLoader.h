#pragma once
#include "plugin/LoadedPlugin.h"

#include <akashi/plugin/Abi.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace akashi::plugin
{
/// Opens one plugin file and checks it, in order: file name, file (exists, regular, not writable by
/// group/others), dlopen, entry point, descriptor size, ABI version, build signature, kind and kind API
/// version, name, create/destroy present. Uniqueness of kind/name is the registry's check, made last.
/// Nothing in the library is called but the entry point until every check passed (dlopen itself runs the
/// library's static initialisers, which no loader can prevent; plugins keep them trivial).
/// Refusals throw akashi::Exception(pluginLoad) with PostgreSQL-style message / detail / hint:
///   cannot load plugin "embedding/openai" (/usr/lib/akashi/plugins/embedding-openai.so): ABI version mismatch
///   Server ABI is 1.0, plugin ABI is 2.0.
///   Rebuild the plugin against this server's headers.
/// The label in the message comes from the file name, so it is known before the descriptor is trusted.
class PluginLoader
{
public:
    /// The smallest descriptor this server reads: every field of the 1.0 layout. Plugins built for a later
    /// minor ABI append fields (a larger `struct_size`), plugins built for an earlier one may stop short of
    /// fields added since, so the check is against the fields the server needs, not sizeof.
    static constexpr std::size_t kMinimumDescriptorSize =
        offsetof(AkashiPluginDescriptor, destroy) + sizeof(AkashiPluginDestroyFn);

    static LoadedPlugin load(const std::string& path);

    /// The API version this server supports for `kind`, or 0 for an unknown kind.
    static std::uint32_t supportedApiVersion(const std::string& kind) noexcept;
};
} // namespace akashi::plugin
