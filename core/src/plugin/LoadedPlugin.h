#pragma once
#include "plugin/PluginLibrary.h"

#include <akashi/plugin/Abi.h>

#include <memory>
#include <string>

namespace akashi::plugin
{
/// A plugin library that passed every loader check; `descriptor` points into `library`.
struct LoadedPlugin
{
    std::string path;
    std::string kind;
    std::string name;
    std::string version;
    const AkashiPluginDescriptor* descriptor = nullptr;
    std::shared_ptr<PluginLibrary> library;

    /// "kind/name", as messages name plugins.
    std::string label() const { return kind + "/" + name; }
};
} // namespace akashi::plugin
