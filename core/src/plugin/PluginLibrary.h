#pragma once
#include <memory>
#include <string>

namespace akashi::plugin
{
/// An open shared library (RAII over dlopen/dlclose). Shared by every instance created from it, so the
/// code stays mapped until the last instance is destroyed.
class PluginLibrary
{
public:
    /// Opens `path` with RTLD_NOW | RTLD_LOCAL (unresolved symbols fail here, not on first call).
    /// Returns nullptr and sets `error` to dlerror()'s text on failure.
    static std::shared_ptr<PluginLibrary> open(const std::string& path, std::string& error);

    ~PluginLibrary();
    PluginLibrary(const PluginLibrary&) = delete;
    PluginLibrary& operator=(const PluginLibrary&) = delete;

    /// The address of `name`, or nullptr.
    void* symbol(const char* name) const noexcept;

    const std::string& path() const noexcept { return _path; }

private:
    PluginLibrary(std::string path, void* handle) : _path(std::move(path)), _handle(handle) {}

    std::string _path;
    void* _handle;
};
} // namespace akashi::plugin
