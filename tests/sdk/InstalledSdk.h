#pragma once
#include "support/TempDirectory.h"

#include <memory>
#include <string>
#include <vector>

namespace akashi::test
{
/// The plugin SDK installed from this build (`cmake --install $AKASHI_TEST_BINARY_DIR --component sdk`)
/// into a temp prefix, and docs/example-plugin configured (no build type) and built out of tree against
/// it in another temp directory. Each step runs once per test process and is shared by the tests. A
/// failing step throws std::runtime_error (CppUnit prints its what()) with the command line and its
/// output, and is tried again by the next test that needs it.
class InstalledSdk
{
public:
    /// The installation, made on first use.
    static InstalledSdk& instance();

    const std::string& prefix() const noexcept { return _prefix.path(); }
    std::string includeDir() const;
    std::string cmakeDir() const;
    std::string docDir() const;
    const std::string& installOutput() const noexcept { return _installOutput; }

    /// Configures and builds the example on first call.
    void buildExample();
    std::string exampleBuildDir() const;
    std::string examplePlugin() const;
    const std::string& exampleConfigureOutput() const noexcept { return _configureOutput; }

    /// Runs `argv` to completion; throws unless it exits 0. Returns its output (stdout and stderr).
    static std::string run(const std::vector<std::string>& argv);

    /// The value of environment variable `name`; throws when it is unset (the suite runs under CTest).
    static std::string environment(const char* name);

private:
    InstalledSdk();

    TempDirectory _prefix;
    TempDirectory _work;
    std::string _installOutput;
    bool _exampleBuilt = false;
    std::string _configureOutput;
};
} // namespace akashi::test
