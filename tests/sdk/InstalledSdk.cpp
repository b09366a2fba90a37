#include "InstalledSdk.h"

#include "storage/CommandRunner.h"

#include <cstdlib>
#include <stdexcept>

namespace akashi::test
{
InstalledSdk& InstalledSdk::instance()
{
    static std::unique_ptr<InstalledSdk> sdk;
    if (!sdk)
        sdk.reset(new InstalledSdk());
    return *sdk;
}

InstalledSdk::InstalledSdk() : _prefix("akashi-sdk"), _work("akashi-sdk-example")
{
    _installOutput = run({AKASHI_TEST_CMAKE_COMMAND, "--install", environment("AKASHI_TEST_BINARY_DIR"), "--prefix",
                          prefix(), "--component", AKASHI_TEST_SDK_COMPONENT});
}

std::string InstalledSdk::includeDir() const
{
    return prefix() + "/" + AKASHI_TEST_INSTALL_INCLUDEDIR;
}

std::string InstalledSdk::cmakeDir() const
{
    return prefix() + "/" + AKASHI_TEST_INSTALL_LIBDIR + "/cmake/AkashiPluginSDK";
}

std::string InstalledSdk::docDir() const
{
    return prefix() + "/" + AKASHI_TEST_INSTALL_DOCDIR + "/plugin-sdk";
}

std::string InstalledSdk::exampleBuildDir() const
{
    return _work.path() + "/build";
}

std::string InstalledSdk::examplePlugin() const
{
    return exampleBuildDir() + "/plugins/embedding-hash.so";
}

void InstalledSdk::buildExample()
{
    if (_exampleBuilt)
        return;
    // As a third party would: the SDK found through CMAKE_PREFIX_PATH, no CMAKE_BUILD_TYPE (so no NDEBUG
    // from the build type), warnings as errors to keep the example clean. The compiler is named because a
    // CXX variable set when this build was configured need not be set now.
    const std::string source = environment("AKASHI_TEST_SOURCE_DIR") + "/docs/example-plugin";
    _configureOutput = run({AKASHI_TEST_CMAKE_COMMAND, "-S", source, "-B", exampleBuildDir(),
                            "-DCMAKE_PREFIX_PATH=" + prefix(),
                            std::string("-DCMAKE_CXX_COMPILER=") + AKASHI_TEST_CXX_COMPILER,
                            "-DCMAKE_COMPILE_WARNING_AS_ERROR=ON", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"});
    run({AKASHI_TEST_CMAKE_COMMAND, "--build", exampleBuildDir(), "-j", "4"});
    _exampleBuilt = true;
}

std::string InstalledSdk::run(const std::vector<std::string>& argv)
{
    const auto result = storage::CommandRunner::run(argv);
    if (result.exitCode != 0)
    {
        std::string line;
        for (const auto& arg : argv)
            line += (line.empty() ? "" : " ") + arg;
        throw std::runtime_error(line + " exited with " + std::to_string(result.exitCode) + ":\n" + result.output);
    }
    return result.output;
}

std::string InstalledSdk::environment(const char* name)
{
    const char* value = std::getenv(name);
    if (!value || !*value)
        throw std::runtime_error(std::string("environment variable ") + name +
                                 " is not set (run the suite through ctest)");
    return value;
}
} // namespace akashi::test
