#include "plugin/PluginLibrary.h"

#include <dlfcn.h>

namespace akashi::plugin
{
std::shared_ptr<PluginLibrary> PluginLibrary::open(const std::string& path, std::string& error)
{
    dlerror();
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle)
    {
        const char* text = dlerror();
        error = text ? text : "dlopen failed";
        return nullptr;
    }
    return std::shared_ptr<PluginLibrary>(new PluginLibrary(path, handle));
}

PluginLibrary::~PluginLibrary()
{
    ::dlclose(_handle);
}

void* PluginLibrary::symbol(const char* name) const noexcept
{
    return ::dlsym(_handle, name);
}
} // namespace akashi::plugin
