#include "plugin/PluginRegistry.h"

#include "common/Exception.h"
#include "plugin/HostLoggerAdapter.h"
#include "plugin/PluginLoader.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/notify/NotifyTransport.h>
#include <akashi/plugin/PluginContext.h>
#include <akashi/ratelimit/RateLimiter.h>
#include <akashi/telemetry/Exporter.h>

#include <Poco/Logger.h>

#include <algorithm>
#include <filesystem>

namespace akashi::plugin
{
namespace
{
/// Everything an instance needs to outlive: its context (and the logger it points to) and its library.
struct InstanceHolder
{
    std::shared_ptr<PluginLibrary> library;
    HostLoggerAdapter logger;
    PluginContext context;
};
} // namespace

std::vector<std::string> PluginRegistry::splitSearchPath(const std::string& searchPath)
{
    std::vector<std::string> dirs;
    std::size_t start = 0;
    for (std::size_t colon; (colon = searchPath.find(':', start)) != std::string::npos; start = colon + 1)
        if (colon > start)
            dirs.push_back(searchPath.substr(start, colon - start));
    if (start < searchPath.size())
        dirs.push_back(searchPath.substr(start));
    return dirs;
}

void PluginRegistry::loadSearchPath(const std::string& searchPath)
{
    const auto dirs = splitSearchPath(searchPath);
    if (dirs.empty())
        throw Exception(ErrorCode::configInvalid, "akashi.plugins.dir names no directory",
                        "The value is \"" + searchPath + "\"; empty entries are ignored.",
                        "Set akashi.plugins.dir (AKASHI_PLUGINS_DIR) to the plugin directories, separated by colons, "
                        "e.g. /usr/lib/akashi/plugins:/usr/local/lib/akashi/plugins.");
    for (const auto& dir : dirs)
        loadDirectory(dir);
}

void PluginRegistry::loadDirectory(const std::string& dir)
{
    std::error_code error;
    std::vector<std::string> files;
    for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
        if (it->path().extension() == ".so")
            files.push_back(it->path().string());
    if (error)
        throw Exception(ErrorCode::pluginLoad, "cannot read plugin directory " + dir, error.message(),
                        "Set akashi.plugins.dir (AKASHI_PLUGINS_DIR) to existing directories holding the plugins, "
                        "separated by colons.");
    // The same directory twice (a repeated entry, or /lib and /usr/lib on a merged-/usr system) would
    // otherwise report every plugin in it as a duplicate of itself.
    for (const auto& searched : _directories)
        if (std::error_code ignored; std::filesystem::equivalent(searched, dir, ignored))
            return;
    _directories.push_back(dir);
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
        add(PluginLoader::load(file));
}

void PluginRegistry::add(LoadedPlugin plugin)
{
    const auto key = std::make_pair(plugin.kind, plugin.name);
    if (auto existing = _plugins.find(key); existing != _plugins.end())
        throw Exception(ErrorCode::pluginLoad,
                        "cannot load plugin \"" + plugin.label() + "\" (" + plugin.path + "): duplicate plugin name",
                        plugin.label() + " is in both " + existing->second.path + " and " + plugin.path + ".",
                        "Remove one of the two files.");
    _plugins.emplace(key, std::move(plugin));
}

const LoadedPlugin* PluginRegistry::find(const std::string& kind, const std::string& name) const
{
    auto it = _plugins.find({kind, name});
    return it == _plugins.end() ? nullptr : &it->second;
}

std::vector<std::string> PluginRegistry::names(const std::string& kind) const
{
    std::vector<std::string> out;
    for (const auto& [key, plugin] : _plugins)
        if (key.first == kind)
            out.push_back(key.second);
    return out;
}

std::shared_ptr<void> PluginRegistry::create(const std::string& kind, const std::string& name,
                                             std::map<std::string, std::string> config) const
{
    const LoadedPlugin* plugin = find(kind, name);
    if (!plugin)
    {
        std::string installed;
        for (const auto& n : names(kind))
            installed += (installed.empty() ? "" : ", ") + n;
        // Every name reaching here comes from the configuration, so this is a configuration error.
        throw Exception(ErrorCode::configInvalid, "no " + kind + " plugin named \"" + name + "\" is installed",
                        "Installed " + kind + " plugins: " + (installed.empty() ? "none" : installed) + ".",
                        "Choose one of them or install the plugin into akashi.plugins.dir.");
    }
    auto holder = std::make_shared<InstanceHolder>(InstanceHolder{
        plugin->library, HostLoggerAdapter(Poco::Logger::get("plugin." + kind + "." + name)), {}});
    holder->context.config = std::move(config);
    holder->context.logger = &holder->logger;

    char error[512] = {};
    void* instance = plugin->descriptor->create(&holder->context, error, sizeof error);
    error[sizeof error - 1] = '\0'; // a plugin that filled the buffer without terminating it
    if (!instance)
        throw Exception(ErrorCode::pluginLoad,
                        "cannot create plugin \"" + plugin->label() + "\": " +
                            (error[0] ? std::string(error) : "create() failed without a reason"),
                        "Its configuration is akashi." + kind + "." + name + ".*, loaded from " + plugin->path + ".",
                        "Fix what the reason names: a configuration key, or a service the plugin needs.");
    const AkashiPluginDestroyFn destroy = plugin->descriptor->destroy;
    // The deleter captures the holder: context, logger and library outlive the instance.
    return std::shared_ptr<void>(instance, [destroy, holder](void* p) { destroy(p); });
}

std::shared_ptr<embedding::EmbeddingProvider>
PluginRegistry::createEmbeddingProvider(const std::string& name, std::map<std::string, std::string> config) const
{
    auto instance = create(embedding::kEmbeddingKind, name, std::move(config));
    return {instance, static_cast<embedding::EmbeddingProvider*>(instance.get())};
}

std::shared_ptr<ratelimit::RateLimiter> PluginRegistry::createRateLimiter(const std::string& name,
                                                                          std::map<std::string, std::string> config) const
{
    auto instance = create(ratelimit::kRateLimiterKind, name, std::move(config));
    return {instance, static_cast<ratelimit::RateLimiter*>(instance.get())};
}

std::shared_ptr<notify::NotifyTransport>
PluginRegistry::createNotifyTransport(const std::string& name, std::map<std::string, std::string> config) const
{
    auto instance = create(notify::kNotifyTransportKind, name, std::move(config));
    return {instance, static_cast<notify::NotifyTransport*>(instance.get())};
}

std::shared_ptr<telemetry::Exporter> PluginRegistry::createExporter(const std::string& name,
                                                                    std::map<std::string, std::string> config) const
{
    auto instance = create(telemetry::kExporterKind, name, std::move(config));
    return {instance, static_cast<telemetry::Exporter*>(instance.get())};
}
} // namespace akashi::plugin
