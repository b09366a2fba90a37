#include "PluginFixtures.h"

#include "common/Exception.h"
#include "plugin/PluginLoader.h"
#include "support/TempDirectory.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <vector>

namespace akashi::plugin
{
using test::PluginFixtures;

/// One test per refusal, each asserting the exact message, detail and hint. Every plugin file is copied
/// into a fresh temporary directory first, so its mode is the one the test chose.
class PluginLoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginLoaderTest);
    CPPUNIT_TEST(testGoodFixtureLoads);
    CPPUNIT_TEST(testRealPluginLoads);
    CPPUNIT_TEST(testDescriptorRefusals);
    CPPUNIT_TEST(testUnresolvedSymbolIsRefusedAtDlopen);
    CPPUNIT_TEST(testFileNameRefusals);
    CPPUNIT_TEST(testMissingFileIsRefused);
    CPPUNIT_TEST(testDirectoryIsRefused);
    CPPUNIT_TEST(testWritableFileIsRefused);
    CPPUNIT_TEST(testNameMismatchIsRefused);
    CPPUNIT_TEST(testKindContradictingFileNameByRename);
    CPPUNIT_TEST(testRefusedLibraryIsUnloaded);
    CPPUNIT_TEST(testMinimumDescriptorSizeIsTheOneZeroLayout);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGoodFixtureLoads()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = PluginFixtures::installFixture("embedding-good.so", dir.path());
        const LoadedPlugin plugin = PluginLoader::load(path);
        CPPUNIT_ASSERT_EQUAL(path, plugin.path);
        CPPUNIT_ASSERT_EQUAL(std::string("embedding"), plugin.kind);
        CPPUNIT_ASSERT_EQUAL(std::string("good"), plugin.name);
        CPPUNIT_ASSERT_EQUAL(std::string("0.1.0-fixture"), plugin.version);
        CPPUNIT_ASSERT_EQUAL(std::string("embedding/good"), plugin.label());
        CPPUNIT_ASSERT(plugin.descriptor);
        CPPUNIT_ASSERT(plugin.library);
        CPPUNIT_ASSERT_EQUAL(path, plugin.library->path());
        CPPUNIT_ASSERT(PluginFixtures::isLoaded(path));
    }

    void testRealPluginLoads()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = PluginFixtures::installReal("embedding-noop.so", dir.path());
        const LoadedPlugin plugin = PluginLoader::load(path);
        CPPUNIT_ASSERT_EQUAL(std::string("embedding/noop"), plugin.label());
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), plugin.version);
    }

    /// The broken fixtures in check order: each passes every check before the one it fails.
    void testDescriptorRefusals()
    {
        const std::string rebuild = "Rebuild the plugin against this server's headers.";
        const std::string signature = AKASHI_PLUGIN_BUILD_SIGNATURE;
        struct Case
        {
            std::string name; ///< the fixture is embedding-<name>.so
            std::string reason;
            std::string detail;
            std::string hint;
        };
        const std::vector<Case> cases = {
            {"noentry", "entry point not found", "The library does not export akashi_plugin_descriptor.",
             "Define it with AKASHI_PLUGIN_EXPORT (see docs/writing-a-plugin.md)."},
            {"nulldescriptor", "entry point returned no descriptor", "akashi_plugin_descriptor() returned a null pointer.",
             rebuild},
            {"small", "descriptor too small",
             "Descriptor is " + std::to_string(offsetof(AkashiPluginDescriptor, name)) +
                 " bytes; this server needs at least " + std::to_string(sizeof(AkashiPluginDescriptor)) + ".",
             rebuild},
            {"wrongabi", "ABI version mismatch", "Server ABI is 1.0, plugin ABI is 2.0.", rebuild},
            {"newerminor", "ABI version mismatch", "Server ABI is 1.0, plugin ABI is 1.1.", rebuild},
            {"badsignature", "build signature mismatch",
             "Server was built as \"" + signature + "\", plugin as \"othercc-1;cxxabi=1;cxx11abi=0;ndebug=0\".",
             "Build the plugin with the server's compiler and build type (the SDK's CMake package does this)."},
            {"unknownkind", "unknown plugin kind",
             "The descriptor says kind \"telepathy\"; this server loads embedding, ratelimit, notify and exporter plugins.",
             rebuild},
            {"wrongkind", "kind mismatch", "The file name says kind \"embedding\", the descriptor says \"ratelimit\".",
             "Rename the file to ratelimit-<name>.so."},
            {"futureapi", "unsupported embedding API version", "Server supports embedding API 1, plugin uses 2.", rebuild},
            {"nocreate", "descriptor has no create or destroy function", "The descriptor's create is a null pointer.",
             rebuild},
        };
        for (const auto& c : cases)
        {
            test::TempDirectory dir("akashi-loader");
            const std::string path = PluginFixtures::installFixture("embedding-" + c.name + ".so", dir.path());
            assertRefused(path, "embedding/" + c.name, c.reason, c.detail, c.hint);
        }
    }

    void testUnresolvedSymbolIsRefusedAtDlopen()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = PluginFixtures::installFixture("embedding-undefined.so", dir.path());
        assertRefused(path, "embedding/undefined", "cannot open the shared library",
                      path + ": undefined symbol: akashi_fixture_symbol_nobody_defines",
                      "Install the libraries it depends on (see ldd " + path + ") or rebuild it.");
    }

    void testFileNameRefusals()
    {
        const std::string detail = "Plugin files are named after their kind and name, e.g. embedding-openai.so.";
        const std::string hint = "Rename the file or remove it from the plugin directory.";
        struct Case
        {
            std::string file;
            std::string label;
        };
        const std::vector<Case> cases = {
            {"good.so", "good"},
            {"embedding-.so", "embedding/"},
            {"-good.so", "-good"},
            {"embedding-good.so.1", "embedding/good.so"},
        };
        for (const auto& c : cases)
        {
            test::TempDirectory dir("akashi-loader");
            const std::string path = PluginFixtures::installFixture("embedding-good.so", dir.path(), c.file);
            assertRefused(path, c.label, "file name is not <kind>-<name>.so", detail, hint);
        }
    }

    void testMissingFileIsRefused()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = dir.path() + "/embedding-absent.so";
        assertRefused(path, "embedding/absent", "file not found", "No such file or directory",
                      "Check akashi.plugins.dir (AKASHI_PLUGINS_DIR).");
    }

    void testDirectoryIsRefused()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = dir.path() + "/embedding-folder.so";
        std::filesystem::create_directory(path);
        assertRefused(path, "embedding/folder", "not a regular file",
                      "It is a directory; only regular files (or symlinks to them) load.",
                      "Remove it from the plugin directory.");
    }

    void testWritableFileIsRefused()
    {
        using std::filesystem::perms;
        struct Case
        {
            perms mode;
            std::string octal;
        };
        const std::vector<Case> cases = {
            {perms::owner_all | perms::group_all | perms::others_read | perms::others_exec, "0775"},
            {perms::owner_read | perms::owner_write | perms::group_read | perms::others_read | perms::others_write, "0646"},
        };
        for (const auto& c : cases)
        {
            test::TempDirectory dir("akashi-loader");
            const std::string path =
                PluginFixtures::install(PluginFixtures::fixtureDir(), "embedding-good.so", dir.path(), "", c.mode);
            assertRefused(path, "embedding/good", "file is writable by group or others",
                          "Mode is " + c.octal + "; a plugin runs inside the server.", "chmod go-w " + path);
        }
        // Through a symlink, the mode that counts is the target's.
        test::TempDirectory dir("akashi-loader");
        const std::string target = PluginFixtures::install(PluginFixtures::fixtureDir(), "embedding-good.so", dir.path(),
                                                           "target.bin", cases.front().mode);
        const std::string link = dir.path() + "/embedding-good.so";
        std::filesystem::create_symlink(target, link);
        assertRefused(link, "embedding/good", "file is writable by group or others",
                      "Mode is 0775; a plugin runs inside the server.", "chmod go-w " + link);
    }

    void testNameMismatchIsRefused()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = PluginFixtures::installFixture("embedding-good.so", dir.path(), "embedding-renamed.so");
        assertRefused(path, "embedding/renamed", "name mismatch",
                      "The file name says \"renamed\", the descriptor says \"good\".",
                      "Rename the file to embedding-good.so.");
    }

    void testKindContradictingFileNameByRename()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = PluginFixtures::installFixture("embedding-good.so", dir.path(), "ratelimit-good.so");
        assertRefused(path, "ratelimit/good", "kind mismatch",
                      "The file name says kind \"ratelimit\", the descriptor says \"embedding\".",
                      "Rename the file to embedding-<name>.so.");
    }

    /// A refusal after dlopen must not leave the library mapped (RAII through PluginLibrary).
    void testRefusedLibraryIsUnloaded()
    {
        test::TempDirectory dir("akashi-loader");
        const std::string path = PluginFixtures::installFixture("embedding-wrongabi.so", dir.path());
        CPPUNIT_ASSERT_THROW(PluginLoader::load(path), Exception);
        CPPUNIT_ASSERT(!PluginFixtures::isLoaded(path));
    }

    void testMinimumDescriptorSizeIsTheOneZeroLayout()
    {
        // ABI 1.0 has appended nothing yet: every field of today's descriptor is required.
        CPPUNIT_ASSERT_EQUAL(sizeof(AkashiPluginDescriptor), PluginLoader::kMinimumDescriptorSize);
    }

private:
    static void assertRefused(const std::string& path, const std::string& label, const std::string& reason,
                              const std::string& detail, const std::string& hint)
    {
        try
        {
            PluginLoader::load(path);
        }
        catch (const Exception& e)
        {
            CPPUNIT_ASSERT_EQUAL("cannot load plugin \"" + label + "\" (" + path + "): " + reason, e.message());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, detail, e.detail());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, hint, e.hint());
            CPPUNIT_ASSERT_MESSAGE(path, e.errorCode() == ErrorCode::pluginLoad);
            return;
        }
        CPPUNIT_FAIL(path + " was loaded, expected: " + reason);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PluginLoaderTest);
} // namespace akashi::plugin
