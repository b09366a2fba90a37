#pragma once
#include <filesystem>
#include <string>

namespace akashi::test
{
/// Where the plugin suite finds plugin files, and how it puts them into temporary plugin directories.
/// Tests never load from the build directories themselves: each builds the directory it needs.
class PluginFixtures
{
public:
    /// `${AKASHI_TEST_BINARY_DIR}/tests/plugin/fixtures`: the fixtures built from tests/plugin/fixtures/.
    static std::string fixtureDir();

    /// `AKASHI_TEST_PLUGIN_DIR`: the build's real plugins (embedding-noop.so, ratelimit-memory.so, ...).
    static std::string realPluginDir();

    /// Copies `fromDir/file` to `toDir/as` (`as` empty = same name) and sets `mode` (by default 0755: not
    /// group/world-writable, which the loader requires whatever the build's umask). Returns the new path.
    static std::string install(const std::string& fromDir, const std::string& file, const std::string& toDir,
                               const std::string& as = {},
                               std::filesystem::perms mode = std::filesystem::perms::owner_all |
                                                             std::filesystem::perms::group_read |
                                                             std::filesystem::perms::group_exec |
                                                             std::filesystem::perms::others_read |
                                                             std::filesystem::perms::others_exec);

    /// install() from fixtureDir().
    static std::string installFixture(const std::string& file, const std::string& toDir, const std::string& as = {});

    /// install() from realPluginDir().
    static std::string installReal(const std::string& file, const std::string& toDir);

    /// The whole text of `path` ("" when it does not exist).
    static std::string readFile(const std::string& path);

    /// True when `path` is currently mapped into this process (dlopen RTLD_NOLOAD).
    static bool isLoaded(const std::string& path);
};
} // namespace akashi::test
