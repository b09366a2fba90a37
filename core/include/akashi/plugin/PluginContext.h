#pragma once
#include <akashi/plugin/HostLogger.h>

#include <map>
#include <string>

namespace akashi::plugin
{
/// What the server hands a plugin's `create`. Owned by the server; outlives the plugin instance.
struct PluginContext
{
    /// The plugin's own configuration subtree, keys relative to it (e.g. for `akashi.embedding.local.dimensions`
    /// the local embedding plugin sees `dimensions`), values as configured strings. The plugin validates
    /// its own keys and fails `create` with a message naming any bad one.
    std::map<std::string, std::string> config;

    /// Never null.
    HostLogger* logger = nullptr;
};
} // namespace akashi::plugin
