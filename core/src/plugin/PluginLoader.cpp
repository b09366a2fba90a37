#include "plugin/PluginLoader.h"

#include "common/Exception.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/notify/NotifyTransport.h>
#include <akashi/ratelimit/RateLimiter.h>
#include <akashi/telemetry/Exporter.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

namespace akashi::plugin
{
namespace
{
constexpr const char* kRebuildHint = "Rebuild the plugin against this server's headers.";

/// Refusals for one file: every message starts with the plugin's label and path.
class Refusal
{
public:
    Refusal(std::string label, std::string path) : _label(std::move(label)), _path(std::move(path)) {}

    [[noreturn]] void operator()(const std::string& reason, const std::string& detail, const std::string& hint) const
    {
        throw Exception(ErrorCode::pluginLoad, "cannot load plugin \"" + _label + "\" (" + _path + "): " + reason,
                        detail, hint);
    }

private:
    std::string _label;
    std::string _path;
};

std::string octal(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

std::string fileType(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}
} // namespace

std::uint32_t PluginLoader::supportedApiVersion(const std::string& kind) noexcept
{
    if (kind == embedding::kEmbeddingKind)
        return embedding::kEmbeddingApiVersion;
    if (kind == ratelimit::kRateLimiterKind)
        return ratelimit::kRateLimiterApiVersion;
    if (kind == notify::kNotifyTransportKind)
        return notify::kNotifyTransportApiVersion;
    if (kind == telemetry::kExporterKind)
        return telemetry::kExporterApiVersion;
    return 0;
}

LoadedPlugin PluginLoader::load(const std::string& path)
{
    const std::string stem = std::filesystem::path(path).stem().string();
    const auto dash = stem.find('-');
    const std::string fileKind = dash == std::string::npos ? "" : stem.substr(0, dash);
    const std::string fileName = dash == std::string::npos ? "" : stem.substr(dash + 1);
    const Refusal refuse(fileKind.empty() ? stem : fileKind + "/" + fileName, path);

    if (fileKind.empty() || fileName.empty() || std::filesystem::path(path).extension() != ".so")
        refuse("file name is not <kind>-<name>.so", "Plugin files are named after their kind and name, e.g. "
                                                    "embedding-openai.so.",
               "Rename the file or remove it from the plugin directory.");

    struct stat info{};
    if (::stat(path.c_str(), &info) != 0)
    {
        const int statError = errno; // before anything else can overwrite it
        refuse(statError == ENOENT ? "file not found" : "cannot access the file", std::strerror(statError),
               "Check akashi.plugins.dir (AKASHI_PLUGINS_DIR).");
    }
    if (!S_ISREG(info.st_mode))
        refuse("not a regular file", "It is " + fileType(info.st_mode) + "; only regular files (or symlinks to them) load.",
               "Remove it from the plugin directory.");
    if (info.st_mode & (S_IWGRP | S_IWOTH))
        refuse("file is writable by group or others", "Mode is " + octal(info.st_mode) + "; a plugin runs inside the server.",
               "chmod go-w " + path);

    std::string dlError;
    auto library = PluginLibrary::open(path, dlError);
    if (!library)
        refuse("cannot open the shared library", dlError,
               "Install the libraries it depends on (see ldd " + path + ") or rebuild it.");

    auto entry = reinterpret_cast<AkashiPluginEntryPointFn>(library->symbol(AKASHI_PLUGIN_ENTRY_POINT_NAME));
    if (!entry)
        refuse("entry point not found", "The library does not export " + std::string(AKASHI_PLUGIN_ENTRY_POINT_NAME) + ".",
               "Define it with AKASHI_PLUGIN_EXPORT (see docs/writing-a-plugin.md).");
    const AkashiPluginDescriptor* d = entry();
    if (!d)
        refuse("entry point returned no descriptor",
               std::string(AKASHI_PLUGIN_ENTRY_POINT_NAME) + "() returned a null pointer.", kRebuildHint);
    if (d->struct_size < kMinimumDescriptorSize)
        refuse("descriptor too small",
               "Descriptor is " + std::to_string(d->struct_size) + " bytes; this server needs at least " +
                   std::to_string(kMinimumDescriptorSize) + ".",
               kRebuildHint);
    if (d->abi_major != AKASHI_PLUGIN_ABI_MAJOR || d->abi_minor > AKASHI_PLUGIN_ABI_MINOR)
        refuse("ABI version mismatch",
               "Server ABI is " + std::to_string(AKASHI_PLUGIN_ABI_MAJOR) + "." + std::to_string(AKASHI_PLUGIN_ABI_MINOR) +
                   ", plugin ABI is " + std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor) + ".",
               kRebuildHint);
    const std::string signature = d->build_signature ? d->build_signature : "";
    if (signature != AKASHI_PLUGIN_BUILD_SIGNATURE)
        refuse("build signature mismatch",
               "Server was built as \"" + std::string(AKASHI_PLUGIN_BUILD_SIGNATURE) + "\", plugin as \"" + signature + "\".",
               "Build the plugin with the server's compiler and build type (the SDK's CMake package does this).");

    const std::string kind = d->kind ? d->kind : "";
    const std::uint32_t supported = supportedApiVersion(kind);
    if (supported == 0)
        refuse("unknown plugin kind",
               "The descriptor says kind \"" + kind + "\"; this server loads embedding, ratelimit, notify and "
                                                      "exporter plugins.",
               kRebuildHint);
    if (kind != fileKind)
        refuse("kind mismatch", "The file name says kind \"" + fileKind + "\", the descriptor says \"" + kind + "\".",
               "Rename the file to " + kind + "-<name>.so.");
    if (d->kind_api_version != supported)
        refuse("unsupported " + kind + " API version",
               "Server supports " + kind + " API " + std::to_string(supported) + ", plugin uses " +
                   std::to_string(d->kind_api_version) + ".",
               kRebuildHint);
    const std::string name = d->name ? d->name : "";
    if (name != fileName)
        refuse("name mismatch", "The file name says \"" + fileName + "\", the descriptor says \"" + name + "\".",
               "Rename the file to " + kind + "-" + name + ".so.");
    if (!d->create || !d->destroy)
        refuse("descriptor has no create or destroy function",
               std::string("The descriptor's ") + (d->create ? "destroy" : "create") + " is a null pointer.",
               kRebuildHint);

    return LoadedPlugin{path, kind, name, d->version ? d->version : "", d, std::move(library)};
}
} // namespace akashi::plugin
