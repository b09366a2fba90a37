#pragma once
/// Akashi plugin ABI — versioning policy
/// ------------------------------------
/// A plugin is a shared library exporting exactly one C symbol, `akashi_plugin_descriptor`, that returns
/// a pointer to a static `AkashiPluginDescriptor`. The server checks the descriptor before calling
/// anything else in the library:
///   * `abi_major` must equal the server's: a major bump means the descriptor layout, `PluginContext` or a
///     kind interface changed incompatibly. Plugins must be rebuilt.
///   * `abi_minor` must be <= the server's: minor bumps only append fields to the end of the descriptor
///     (guarded by `struct_size`) or add new kinds; older plugins keep loading.
///   * `build_signature` must equal the server's: interfaces use C++ standard library types, so compiler
///     family, C++ ABI and NDEBUG must match exactly.
///   * `kind_api_version` must be one the server supports for that kind.
/// Nothing may throw across this boundary: every entry point and interface method is `noexcept` and
/// reports failure through its return value.
#include <cstddef>
#include <cstdint>

#define AKASHI_PLUGIN_ABI_MAJOR 1
#define AKASHI_PLUGIN_ABI_MINOR 0

#define AKASHI_PLUGIN_STRINGIFY_(x) #x
#define AKASHI_PLUGIN_STRINGIFY(x) AKASHI_PLUGIN_STRINGIFY_(x)

#if defined(__clang__)
#define AKASHI_PLUGIN_COMPILER "clang-" AKASHI_PLUGIN_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define AKASHI_PLUGIN_COMPILER "gcc-" AKASHI_PLUGIN_STRINGIFY(__GNUC__)
#else
#define AKASHI_PLUGIN_COMPILER "unknown"
#endif

#if defined(_GLIBCXX_USE_CXX11_ABI)
#define AKASHI_PLUGIN_LIBSTDCXX_ABI AKASHI_PLUGIN_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#else
#define AKASHI_PLUGIN_LIBSTDCXX_ABI "none"
#endif

#if defined(NDEBUG)
#define AKASHI_PLUGIN_NDEBUG "1"
#else
#define AKASHI_PLUGIN_NDEBUG "0"
#endif

/// Compiler family, Itanium C++ ABI version, libstdc++ string ABI and NDEBUG, as one comparable string.
#define AKASHI_PLUGIN_BUILD_SIGNATURE                                                                      \
    AKASHI_PLUGIN_COMPILER ";cxxabi=" AKASHI_PLUGIN_STRINGIFY(__GXX_ABI_VERSION) ";cxx11abi="             \
        AKASHI_PLUGIN_LIBSTDCXX_ABI ";ndebug=" AKASHI_PLUGIN_NDEBUG

/// The one symbol a plugin exports; the loader looks it up by this name.
#define AKASHI_PLUGIN_ENTRY_POINT_NAME "akashi_plugin_descriptor"

/// Marks the entry point as the library's only exported symbol (plugins build with hidden visibility).
#define AKASHI_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

namespace akashi::plugin
{
struct PluginContext;
}

extern "C"
{
    /// Creates the plugin's instance, which the server casts to the interface named by `kind`.
    /// Returns nullptr on failure after writing a NUL-terminated reason into `error` (at most `error_size`
    /// bytes). `context` and everything it points to outlive the instance.
    typedef void* (*AkashiPluginCreateFn)(const akashi::plugin::PluginContext* context, char* error,
                                          size_t error_size) noexcept;

    /// Destroys an instance returned by `create`. Called before the library is unloaded.
    typedef void (*AkashiPluginDestroyFn)(void* instance) noexcept;

    /// Version 1.0 descriptor. Fields are only ever appended; `struct_size` says how many are present.
    struct AkashiPluginDescriptor
    {
        uint32_t struct_size;             ///< sizeof(AkashiPluginDescriptor) as the plugin was built
        uint16_t abi_major;               ///< AKASHI_PLUGIN_ABI_MAJOR at build time
        uint16_t abi_minor;               ///< AKASHI_PLUGIN_ABI_MINOR at build time
        const char* build_signature;      ///< AKASHI_PLUGIN_BUILD_SIGNATURE at build time
        const char* kind;                 ///< "embedding", "ratelimit", "notify" or "exporter"
        uint32_t kind_api_version;        ///< the kind header's k...ApiVersion at build time
        const char* name;                 ///< unique within its kind, e.g. "openai"
        const char* version;              ///< the plugin's own version, free-form
        AkashiPluginCreateFn create;      ///< never null
        AkashiPluginDestroyFn destroy;    ///< never null
    };

    typedef const AkashiPluginDescriptor* (*AkashiPluginEntryPointFn)(void) noexcept;
}

namespace akashi::plugin
{
/// Builds a descriptor with the ABI fields filled from the headers the plugin is compiled against.
constexpr AkashiPluginDescriptor makeDescriptor(const char* kind, uint32_t kindApiVersion, const char* name,
                                                const char* version, AkashiPluginCreateFn create,
                                                AkashiPluginDestroyFn destroy) noexcept
{
    return AkashiPluginDescriptor{sizeof(AkashiPluginDescriptor),
                                  AKASHI_PLUGIN_ABI_MAJOR,
                                  AKASHI_PLUGIN_ABI_MINOR,
                                  AKASHI_PLUGIN_BUILD_SIGNATURE,
                                  kind,
                                  kindApiVersion,
                                  name,
                                  version,
                                  create,
                                  destroy};
}
} // namespace akashi::plugin
