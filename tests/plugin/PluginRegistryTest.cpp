#include "PluginFixtures.h"

#include "common/Exception.h"
#include "plugin/PluginRegistry.h"
#include "support/ExpectException.h"
#include "support/TempDirectory.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/telemetry/Exporter.h>

#include <Poco/Logger.h>
#include <Poco/StreamChannel.h>

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

namespace akashi::plugin
{
using test::PluginFixtures;
using Strings = std::vector<std::string>;

class PluginRegistryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginRegistryTest);
    CPPUNIT_TEST(testSplitSearchPath);
    CPPUNIT_TEST(testDirectoriesLoadInOrder);
    CPPUNIT_TEST(testDuplicateAcrossDirectoriesIsRefused);
    CPPUNIT_TEST(testSameDirectoryTwiceIsSearchedOnce);
    CPPUNIT_TEST(testUnreadableDirectoryIsRefused);
    CPPUNIT_TEST(testSearchPathWithoutDirectoryIsRefused);
    CPPUNIT_TEST(testBrokenPluginInLaterDirectoryStopsLoading);
    CPPUNIT_TEST(testUnknownNameListsInstalledPlugins);
    CPPUNIT_TEST(testCreateFailures);
    CPPUNIT_TEST(testBadConfigKeyReachesTheMessage);
    CPPUNIT_TEST(testContextReachesThePlugin);
    CPPUNIT_TEST(testInstanceKeepsLibraryLoaded);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSplitSearchPath()
    {
        struct Case
        {
            std::string value;
            Strings dirs;
        };
        const std::vector<Case> cases = {
            {"/usr/lib/akashi/plugins", {"/usr/lib/akashi/plugins"}},
            {"/usr/lib/akashi/plugins:/usr/local/lib/akashi/plugins",
             {"/usr/lib/akashi/plugins", "/usr/local/lib/akashi/plugins"}},
            {"::/a::/b:", {"/a", "/b"}},
            {":", {}},
            {"", {}},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_MESSAGE(c.value, c.dirs == PluginRegistry::splitSearchPath(c.value));
    }

    void testDirectoriesLoadInOrder()
    {
        test::TempDirectory first("akashi-plugins"), second("akashi-plugins");
        PluginFixtures::installFixture("embedding-good.so", first.path());
        PluginFixtures::installReal("embedding-noop.so", second.path());
        PluginFixtures::installReal("ratelimit-memory.so", second.path());
        PluginRegistry registry;
        registry.loadSearchPath(first.path() + "::" + second.path() + ":");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), registry.size());
        CPPUNIT_ASSERT((Strings{first.path(), second.path()}) == registry.directories());
        CPPUNIT_ASSERT((Strings{"good", "noop"}) == registry.names("embedding"));
        CPPUNIT_ASSERT((Strings{"memory"}) == registry.names("ratelimit"));
        CPPUNIT_ASSERT(registry.names("notify").empty());
        CPPUNIT_ASSERT_EQUAL(first.path() + "/embedding-good.so", registry.find("embedding", "good")->path);
        CPPUNIT_ASSERT_EQUAL(second.path() + "/embedding-noop.so", registry.find("embedding", "noop")->path);
        CPPUNIT_ASSERT(!registry.find("ratelimit", "noop"));
    }

    void testDuplicateAcrossDirectoriesIsRefused()
    {
        test::TempDirectory first("akashi-plugins"), second("akashi-plugins");
        const std::string a = PluginFixtures::installFixture("embedding-good.so", first.path());
        const std::string b = PluginFixtures::installFixture("embedding-good.so", second.path());
        PluginRegistry registry;
        const Exception e = test::expectException([&] { registry.loadSearchPath(first.path() + ":" + second.path()); });
        CPPUNIT_ASSERT_EQUAL("cannot load plugin \"embedding/good\" (" + b + "): duplicate plugin name", e.message());
        CPPUNIT_ASSERT_EQUAL("embedding/good is in both " + a + " and " + b + ".", e.detail());
        CPPUNIT_ASSERT_EQUAL(std::string("Remove one of the two files."), e.hint());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::pluginLoad);
    }

    void testSameDirectoryTwiceIsSearchedOnce()
    {
        test::TempDirectory dir("akashi-plugins"), aliases("akashi-plugins");
        PluginFixtures::installFixture("embedding-good.so", dir.path());
        const std::string alias = aliases.path() + "/alias";
        std::filesystem::create_directory_symlink(dir.path(), alias);
        PluginRegistry registry;
        registry.loadSearchPath(dir.path() + ":" + dir.path() + "/:" + alias);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
        CPPUNIT_ASSERT((Strings{dir.path()}) == registry.directories());
    }

    void testUnreadableDirectoryIsRefused()
    {
        test::TempDirectory dir("akashi-plugins");
        const std::string file = dir.path() + "/not-a-directory";
        std::ofstream(file) << "x";
        struct Case
        {
            std::string dir;
            std::string detail;
        };
        const std::vector<Case> cases = {
            {dir.path() + "/absent", "No such file or directory"},
            {file, "Not a directory"},
        };
        for (const auto& c : cases)
        {
            PluginRegistry registry;
            const Exception e = test::expectException([&] { registry.loadSearchPath(dir.path() + ":" + c.dir); });
            CPPUNIT_ASSERT_EQUAL("cannot read plugin directory " + c.dir, e.message());
            CPPUNIT_ASSERT_EQUAL(c.detail, e.detail());
            CPPUNIT_ASSERT_EQUAL(std::string("Set akashi.plugins.dir (AKASHI_PLUGINS_DIR) to existing directories "
                                             "holding the plugins, separated by colons."),
                                 e.hint());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::pluginLoad);
        }
    }

    void testSearchPathWithoutDirectoryIsRefused()
    {
        for (const std::string value : {"", ":", "::"})
        {
            PluginRegistry registry;
            const Exception e = test::expectException([&] { registry.loadSearchPath(value); });
            CPPUNIT_ASSERT_EQUAL(std::string("akashi.plugins.dir names no directory"), e.message());
            CPPUNIT_ASSERT_EQUAL("The value is \"" + value + "\"; empty entries are ignored.", e.detail());
            CPPUNIT_ASSERT_EQUAL(std::string("Set akashi.plugins.dir (AKASHI_PLUGINS_DIR) to the plugin directories, "
                                             "separated by colons, e.g. /usr/lib/akashi/plugins:/usr/local/lib/akashi/plugins."),
                                 e.hint());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
        }
    }

    void testBrokenPluginInLaterDirectoryStopsLoading()
    {
        test::TempDirectory first("akashi-plugins"), second("akashi-plugins");
        PluginFixtures::installFixture("embedding-good.so", first.path());
        const std::string bad = PluginFixtures::installFixture("embedding-wrongabi.so", second.path());
        PluginRegistry registry;
        const Exception e = test::expectException([&] { registry.loadSearchPath(first.path() + ":" + second.path()); });
        CPPUNIT_ASSERT_EQUAL("cannot load plugin \"embedding/wrongabi\" (" + bad + "): ABI version mismatch", e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("Server ABI is 1.0, plugin ABI is 2.0."), e.detail());
    }

    void testUnknownNameListsInstalledPlugins()
    {
        test::TempDirectory dir("akashi-plugins");
        PluginFixtures::installFixture("embedding-good.so", dir.path());
        PluginFixtures::installReal("embedding-noop.so", dir.path());
        PluginRegistry registry;
        registry.loadSearchPath(dir.path());
        const std::string hint = "Choose one of them or install the plugin into akashi.plugins.dir.";

        Exception e = test::expectException([&] { registry.createEmbeddingProvider("openai", {}); });
        CPPUNIT_ASSERT_EQUAL(std::string("no embedding plugin named \"openai\" is installed"), e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("Installed embedding plugins: good, noop."), e.detail());
        CPPUNIT_ASSERT_EQUAL(hint, e.hint());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);

        e = test::expectException([&] { registry.createExporter("log", {}); });
        CPPUNIT_ASSERT_EQUAL(std::string("no exporter plugin named \"log\" is installed"), e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("Installed exporter plugins: none."), e.detail());
        CPPUNIT_ASSERT_EQUAL(hint, e.hint());
    }

    void testCreateFailures()
    {
        struct Case
        {
            std::string name; ///< the fixture is embedding-<name>.so
            std::string reason;
        };
        const std::vector<Case> cases = {
            {"createfails", "endpoint: \"\" is not a URL"},
            {"throws", "model: \"missing-model\" is not available at http://127.0.0.1:1"},
            {"silentfail", "create() failed without a reason"},
            {"unterminated", std::string(511, 'x')},
        };
        test::TempDirectory dir("akashi-plugins");
        for (const auto& c : cases)
            PluginFixtures::installFixture("embedding-" + c.name + ".so", dir.path());
        PluginRegistry registry;
        registry.loadSearchPath(dir.path());
        for (const auto& c : cases)
        {
            const Exception e = test::expectException([&] { registry.createEmbeddingProvider(c.name, {}); });
            CPPUNIT_ASSERT_EQUAL("cannot create plugin \"embedding/" + c.name + "\": " + c.reason, e.message());
            CPPUNIT_ASSERT_EQUAL("Its configuration is akashi.embedding." + c.name + ".*, loaded from " + dir.path() +
                                     "/embedding-" + c.name + ".so.",
                                 e.detail());
            CPPUNIT_ASSERT_EQUAL(std::string("Fix what the reason names: a configuration key, or a service the plugin needs."),
                                 e.hint());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::pluginLoad);
        }
    }

    void testBadConfigKeyReachesTheMessage()
    {
        test::TempDirectory dir("akashi-plugins");
        PluginFixtures::installFixture("embedding-good.so", dir.path());
        PluginRegistry registry;
        registry.loadSearchPath(dir.path());
        Exception e = test::expectException([&] { registry.createEmbeddingProvider("good", {{"dimensoins", "3"}}); });
        CPPUNIT_ASSERT_EQUAL(std::string("cannot create plugin \"embedding/good\": unknown configuration key \"dimensoins\""),
                             e.message());
        e = test::expectException([&] { registry.createEmbeddingProvider("good", {{"dimensions", "0"}}); });
        CPPUNIT_ASSERT_EQUAL(std::string("cannot create plugin \"embedding/good\": dimensions: 0 is not between 1 and 16000"),
                             e.message());
    }

    void testContextReachesThePlugin()
    {
        test::TempDirectory dir("akashi-plugins");
        PluginFixtures::installFixture("embedding-good.so", dir.path());
        PluginRegistry registry;
        registry.loadSearchPath(dir.path());

        std::ostringstream logged;
        Poco::Logger& logger = Poco::Logger::get("plugin.embedding.good");
        const Poco::Channel::Ptr previous = logger.getChannel();
        logger.setChannel(new Poco::StreamChannel(logged));
        std::shared_ptr<embedding::EmbeddingProvider> provider;
        try
        {
            provider = registry.createEmbeddingProvider("good", {{"dimensions", "3"}});
        }
        catch (...)
        {
            logger.setChannel(previous); // `logged` is about to go out of scope
            throw;
        }
        logger.setChannel(previous);

        CPPUNIT_ASSERT_EQUAL(std::size_t(3), provider->dimensions());
        CPPUNIT_ASSERT_EQUAL(std::string("fixture-good"), provider->model());
        CPPUNIT_ASSERT_MESSAGE(logged.str(), logged.str().find("embedding fixture created") != std::string::npos);
        const auto result = provider->embed({"a", "b"});
        CPPUNIT_ASSERT(result.status.isOk());
        CPPUNIT_ASSERT((std::vector<std::vector<float>>(2, std::vector<float>(3, 1.0f))) == result.vectors);
    }

    /// The registry (and with it every LoadedPlugin) goes first; the instance keeps its library mapped,
    /// still works, and is destroyed before the library unloads.
    void testInstanceKeepsLibraryLoaded()
    {
        test::TempDirectory dir("akashi-plugins");
        const std::string path = PluginFixtures::installFixture("embedding-good.so", dir.path());
        const std::string trace = dir.path() + "/trace";
        auto registry = std::make_unique<PluginRegistry>();
        registry->loadSearchPath(dir.path());
        auto provider = registry->createEmbeddingProvider("good", {{"trace_file", trace}});
        registry.reset();

        CPPUNIT_ASSERT(PluginFixtures::isLoaded(path));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), provider->embed({"still mapped"}).vectors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("create\n"), PluginFixtures::readFile(trace));

        provider.reset();
        CPPUNIT_ASSERT(!PluginFixtures::isLoaded(path));
        CPPUNIT_ASSERT_EQUAL(std::string("create\ndestroy\nunload\n"), PluginFixtures::readFile(trace));
    }

};
CPPUNIT_TEST_SUITE_REGISTRATION(PluginRegistryTest);
} // namespace akashi::plugin
