#pragma once
#include "plugin/LoadedPlugin.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace akashi::embedding
{
class EmbeddingProvider;
}
namespace akashi::ratelimit
{
class RateLimiter;
}
namespace akashi::notify
{
class NotifyTransport;
}
namespace akashi::telemetry
{
class Exporter;
}

namespace akashi::plugin
{
/// The loaded plugins, keyed by kind and name, and the typed factories that create their instances.
/// Instances are shared_ptrs whose deleter calls the plugin's destroy and keeps the library mapped (and
/// the context alive) until the instance is gone. Built at startup, then read-only.
class PluginRegistry
{
public:
    /// The directories of an `akashi.plugins.dir` value: colon-separated, in order, empty entries dropped.
    static std::vector<std::string> splitSearchPath(const std::string& searchPath);

    /// Loads every directory of `searchPath` (see splitSearchPath) in order with loadDirectory. A value
    /// naming no directory is refused (configInvalid): a server without plugins cannot start.
    void loadSearchPath(const std::string& searchPath);

    /// Loads every `*.so` in `dir` in name order; the first refusal throws (a bad plugin stops startup).
    /// A directory that cannot be read is refused; one equivalent to a directory already loaded (the same
    /// entry twice, or a symlinked alias) is skipped. A kind/name already loaded from another directory is
    /// refused as a duplicate naming both files.
    void loadDirectory(const std::string& dir);

    /// Adds one checked plugin; a second plugin with the same kind and name is refused.
    void add(LoadedPlugin plugin);

    /// The directories loaded so far, in search order, without skipped aliases.
    const std::vector<std::string>& directories() const noexcept { return _directories; }

    const LoadedPlugin* find(const std::string& kind, const std::string& name) const;
    std::vector<std::string> names(const std::string& kind) const;
    std::size_t size() const noexcept { return _plugins.size(); }

    /// Creates an instance of `kind/name` with `config` (the plugin's subtree) and a logger named
    /// `plugin.<kind>.<name>`. Unknown name → akashi::Exception(configInvalid) listing what is installed;
    /// create() failure → akashi::Exception(pluginLoad) `cannot create plugin "kind/name": <plugin's reason>`.
    std::shared_ptr<embedding::EmbeddingProvider> createEmbeddingProvider(const std::string& name,
                                                                          std::map<std::string, std::string> config) const;
    std::shared_ptr<ratelimit::RateLimiter> createRateLimiter(const std::string& name,
                                                              std::map<std::string, std::string> config) const;
    std::shared_ptr<notify::NotifyTransport> createNotifyTransport(const std::string& name,
                                                                   std::map<std::string, std::string> config) const;
    std::shared_ptr<telemetry::Exporter> createExporter(const std::string& name,
                                                        std::map<std::string, std::string> config) const;

private:
    std::shared_ptr<void> create(const std::string& kind, const std::string& name,
                                 std::map<std::string, std::string> config) const;

    std::map<std::pair<std::string, std::string>, LoadedPlugin> _plugins;
    std::vector<std::string> _directories;
};
} // namespace akashi::plugin
