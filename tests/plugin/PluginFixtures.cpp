#include "PluginFixtures.h"

#include <cstdlib>
#include <dlfcn.h>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace akashi::test
{
namespace
{
std::string requiredEnv(const char* name)
{
    const char* value = std::getenv(name);
    if (!value || !*value)
        throw std::runtime_error(std::string(name) + " is not set; run the suite through ctest");
    return value;
}
} // namespace

std::string PluginFixtures::fixtureDir()
{
    return requiredEnv("AKASHI_TEST_BINARY_DIR") + "/tests/plugin/fixtures";
}

std::string PluginFixtures::realPluginDir()
{
    return requiredEnv("AKASHI_TEST_PLUGIN_DIR");
}

std::string PluginFixtures::install(const std::string& fromDir, const std::string& file, const std::string& toDir,
                                    const std::string& as, std::filesystem::perms mode)
{
    const std::string target = toDir + "/" + (as.empty() ? file : as);
    std::filesystem::copy_file(fromDir + "/" + file, target, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(target, mode, std::filesystem::perm_options::replace);
    return target;
}

std::string PluginFixtures::installFixture(const std::string& file, const std::string& toDir, const std::string& as)
{
    return install(fixtureDir(), file, toDir, as);
}

std::string PluginFixtures::installReal(const std::string& file, const std::string& toDir)
{
    return install(realPluginDir(), file, toDir);
}

std::string PluginFixtures::readFile(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool PluginFixtures::isLoaded(const std::string& path)
{
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (!handle)
        return false;
    ::dlclose(handle); // RTLD_NOLOAD still took a reference
    return true;
}
} // namespace akashi::test
