#pragma once
#include "mocks/RecordingHostLogger.h"
#include "plugin/LoadedPlugin.h"
#include "plugin/PluginLoader.h"

#include <akashi/plugin/PluginContext.h>

#include <cppunit/TestAssert.h>

#include <cstddef>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace akashi::plugins
{
/// The real, built `<kind>-<name>.so` from $AKASHI_TEST_PLUGIN_DIR (set by ctest), loaded through
/// PluginLoader like the server does, and one instance of it created through the descriptor with a
/// context of our own whose logger records every line.
/// Lifetime: the instance is destroyed (descriptor->destroy) in `destroy()` or the destructor, always
/// before the library is closed; the context and logger outlive it, as the ABI promises.
template <typename Interface>
class PluginInstance
{
public:
    /// Throws std::runtime_error with the plugin's reason when create() fails (use `createError` to test
    /// failures), akashi::Exception when the loader refuses the file.
    PluginInstance(const std::string& kind, const std::string& name, std::map<std::string, std::string> config = {})
        : _plugin(plugin::PluginLoader::load(path(kind, name)))
    {
        _context.config = std::move(config);
        _context.logger = &_logger;
        char error[512] = {};
        void* instance = _plugin.descriptor->create(&_context, error, sizeof error);
        if (!instance)
            throw std::runtime_error("cannot create " + _plugin.label() + ": " + error);
        _instance = static_cast<Interface*>(instance);
    }

    ~PluginInstance() { destroy(); }

    PluginInstance(const PluginInstance&) = delete;
    PluginInstance& operator=(const PluginInstance&) = delete;

    Interface* operator->() const { return checked(); }
    Interface& operator*() const { return *checked(); }

    /// Destroys the instance now (idempotent); e.g. to test what destruction does.
    void destroy() noexcept
    {
        if (_instance)
            _plugin.descriptor->destroy(std::exchange(_instance, nullptr));
    }

    mocks::RecordingHostLogger& logger() noexcept { return _logger; }
    const plugin::LoadedPlugin& loaded() const noexcept { return _plugin; }

    /// The reason create() gives for `config`, or "" if it unexpectedly succeeded (the instance is then
    /// destroyed again), so a test can assert the exact message. `withLogger = false` hands the plugin a
    /// context without a logger, which the ABI forbids, to test that plugins refuse it.
    static std::string createError(const std::string& kind, const std::string& name,
                                   std::map<std::string, std::string> config, bool withLogger = true)
    {
        const plugin::LoadedPlugin loaded = plugin::PluginLoader::load(path(kind, name));
        mocks::RecordingHostLogger logger;
        plugin::PluginContext context;
        context.config = std::move(config);
        context.logger = withLogger ? &logger : nullptr;
        char error[512] = {};
        if (void* instance = loaded.descriptor->create(&context, error, sizeof error))
        {
            loaded.descriptor->destroy(instance);
            return "";
        }
        return error;
    }

    /// One configuration key set to a bad value, and the exact reason create() must give for it.
    struct ConfigErrorCase
    {
        const char* key;
        const char* value;
        const char* error;
    };

    /// Asserts `createError` for each case, the key=value pair naming the failing row.
    template <std::size_t N>
    static void assertCreateErrors(const std::string& kind, const std::string& name, const ConfigErrorCase (&cases)[N])
    {
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(c.key) + "=" + c.value, std::string(c.error),
                                         createError(kind, name, {{c.key, c.value}}));
    }

    /// `$AKASHI_TEST_PLUGIN_DIR/<kind>-<name>.so`.
    static std::string path(const std::string& kind, const std::string& name)
    {
        const char* dir = std::getenv("AKASHI_TEST_PLUGIN_DIR");
        if (!dir || !*dir)
            throw std::runtime_error("AKASHI_TEST_PLUGIN_DIR is not set (run the suite through ctest)");
        return std::string(dir) + "/" + kind + "-" + name + ".so";
    }

private:
    Interface* checked() const
    {
        if (!_instance)
            throw std::logic_error("plugin instance already destroyed");
        return _instance;
    }

    plugin::LoadedPlugin _plugin;
    mocks::RecordingHostLogger _logger;
    plugin::PluginContext _context;
    Interface* _instance = nullptr;
};
} // namespace akashi::plugins
