#include "common/Exception.h"
#include "config/ConfigLoader.h"
#include "config/ConfigValidator.h"
#include "config/PluginConfigView.h"
#include "support/TempDirectory.h"

#include <Poco/Util/LayeredConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

namespace akashi::config
{
class ConfigLoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigLoaderTest);
    CPPUNIT_TEST(testDefaultsApply);
    CPPUNIT_TEST(testPrecedenceDefaultFileEnvOverride);
    CPPUNIT_TEST(testFirstEnvNameWins);
    CPPUNIT_TEST(testMissingExplicitFileIsAnError);
    CPPUNIT_TEST(testMissingDefaultFileIsFine);
    CPPUNIT_TEST(testEachValidationMessage);
    CPPUNIT_TEST(testAllProblemsReportedTogether);
    CPPUNIT_TEST(testUnknownKeySuggestion);
    CPPUNIT_TEST(testPluginSubtreeKeysAreNotReported);
    CPPUNIT_TEST(testPluginSubtreeExtraction);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaultsApply()
    {
        auto config = load({});
        CPPUNIT_ASSERT_EQUAL(8080, config->getInt("akashi.http.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("info"), config->getString("akashi.log.level"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), config->getString("akashi.database.url"));
    }

    void testPrecedenceDefaultFileEnvOverride()
    {
        test::TempDirectory dir("akashi-config");
        const std::string file = dir.path() + "/akashi.properties";
        std::ofstream(file) << "akashi.http.port = 7000\nakashi.log.level = warn\nakashi.http.max_threads = 9\n";
        ConfigSources sources;
        sources.propertiesFile = file;
        sources.environment = {{"AKASHI_LOG_LEVEL", "debug"}, {"AKASHI_PORT", "7100"}};
        sources.overrides = {{"akashi.http.port", "7200"}};
        auto config = load(sources);
        CPPUNIT_ASSERT_EQUAL(7200, config->getInt("akashi.http.port"));                 // override > env
        CPPUNIT_ASSERT_EQUAL(std::string("debug"), config->getString("akashi.log.level")); // env > file
        CPPUNIT_ASSERT_EQUAL(9, config->getInt("akashi.http.max_threads"));             // file > default
        CPPUNIT_ASSERT_EQUAL(256, config->getInt("akashi.http.max_queued"));            // default
    }

    void testFirstEnvNameWins()
    {
        ConfigSources sources;
        sources.environment = {{"STATE_DIRECTORY", "/var/lib/private/akashi"}};
        CPPUNIT_ASSERT_EQUAL(std::string("/var/lib/private/akashi"), load(sources)->getString("akashi.state_dir"));
        sources.environment["AKASHI_STATE_DIR"] = "/srv/akashi";
        CPPUNIT_ASSERT_EQUAL(std::string("/srv/akashi"), load(sources)->getString("akashi.state_dir"));
    }

    void testMissingExplicitFileIsAnError()
    {
        ConfigSources sources;
        sources.propertiesFile = "/nonexistent/akashi.properties";
        sources.propertiesFileExplicit = true;
        CPPUNIT_ASSERT_EQUAL(std::string("configuration file /nonexistent/akashi.properties does not exist"),
                             failure(sources).detail());
    }

    void testMissingDefaultFileIsFine()
    {
        ConfigSources sources;
        sources.propertiesFile = "/nonexistent/akashi.properties";
        CPPUNIT_ASSERT_EQUAL(8080, load(sources)->getInt("akashi.http.port"));
    }

    void testEachValidationMessage()
    {
        struct Case
        {
            std::map<std::string, std::string> env;
            std::map<std::string, std::string> overrides;
            std::string expected;
        };
        const Case cases[] = {
            {{{"AKASHI_PORT", "abc"}}, {}, "akashi.http.port (AKASHI_PORT): \"abc\" is not an integer"},
            {{{"AKASHI_PORT", "70000"}}, {}, "akashi.http.port (AKASHI_PORT): 70000 is above the maximum 65535"},
            {{}, {{"akashi.http.max_threads", "0"}}, "akashi.http.max_threads: 0 is below the minimum 1"},
            {{{"AKASHI_LOG_LEVEL", "verbose"}}, {},
             "akashi.log.level (AKASHI_LOG_LEVEL): \"verbose\" is not one of debug, info, warn, error"},
            {{{"AKASHI_READ_TIMEOUT", "10 seconds"}}, {},
             "akashi.http.read_timeout (AKASHI_READ_TIMEOUT): \"10 seconds\" is not a duration (e.g. 30s, 100ms, 5m)"},
        };
        for (const auto& c : cases)
        {
            ConfigSources sources;
            sources.environment = c.env;
            sources.overrides = c.overrides;
            auto e = failure(sources);
            CPPUNIT_ASSERT_EQUAL(std::string("invalid configuration"), e.message());
            CPPUNIT_ASSERT_EQUAL(c.expected, e.detail());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
        }
    }

    void testAllProblemsReportedTogether()
    {
        ConfigSources sources;
        sources.environment = {{"AKASHI_PORT", "abc"}, {"AKASHI_LOG_LEVEL", "loud"}};
        sources.overrides = {{"akashi.bogus", "1"}};
        const auto detail = failure(sources).detail();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), static_cast<std::size_t>(std::count(detail.begin(), detail.end(), '\n')));
        CPPUNIT_ASSERT(detail.find("AKASHI_PORT") != std::string::npos);
        CPPUNIT_ASSERT(detail.find("AKASHI_LOG_LEVEL") != std::string::npos);
        CPPUNIT_ASSERT(detail.find("unknown key akashi.bogus") != std::string::npos);
    }

    void testUnknownKeySuggestion()
    {
        ConfigSources sources;
        sources.overrides = {{"akashi.http.prot", "1"}};
        CPPUNIT_ASSERT_EQUAL(std::string("unknown key akashi.http.prot; did you mean akashi.http.port?"),
                             failure(sources).detail());
        sources.overrides = {{"akashi.completely.different.thing", "1"}};
        CPPUNIT_ASSERT_EQUAL(std::string("unknown key akashi.completely.different.thing"), failure(sources).detail());
        // A typo one level under a plugin section is not mistaken for a plugin subtree.
        sources.overrides = {{"akashi.embedding.providr", "noop"}};
        CPPUNIT_ASSERT_EQUAL(std::string("unknown key akashi.embedding.providr; did you mean akashi.embedding.provider?"),
                             failure(sources).detail());
    }

    void testPluginSubtreeKeysAreNotReported()
    {
        ConfigSources sources;
        sources.overrides = {{"akashi.embedding.openai.timeout", "5s"}, {"akashi.exporter.log.anything", "x"}};
        CPPUNIT_ASSERT_EQUAL(std::string("5s"), load(sources)->getString("akashi.embedding.openai.timeout"));
    }

    void testPluginSubtreeExtraction()
    {
        ConfigSources sources;
        // A plugin the schema has no rows for: its subtree is exactly what was configured.
        sources.overrides = {{"akashi.embedding.example.dimensions", "256"},
                             {"akashi.embedding.example.ngram.max", "4"},
                             {"akashi.embedding.other.dimensions", "9"}};
        auto config = load(sources);
        const auto subtree = pluginSubtree(*config, "embedding", "example");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), subtree.size());
        CPPUNIT_ASSERT_EQUAL(std::string("256"), subtree.at("dimensions"));
        CPPUNIT_ASSERT_EQUAL(std::string("4"), subtree.at("ngram.max"));
        CPPUNIT_ASSERT(pluginSubtree(*config, "embedding", "missing").empty());
        // Schema rows under a plugin's subtree reach it with their defaults.
        const auto local = pluginSubtree(*config, "embedding", "local");
        CPPUNIT_ASSERT_EQUAL(std::string("3"), local.at("ngram_min"));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), local.at("ngram_max"));
    }

private:
    static Poco::AutoPtr<Poco::Util::LayeredConfiguration> load(const ConfigSources& sources)
    {
        Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
        loadConfiguration(*config, sources);
        return config;
    }

    static Exception failure(const ConfigSources& sources)
    {
        try
        {
            load(sources);
        }
        catch (const Exception& e)
        {
            return e;
        }
        CPPUNIT_FAIL("configuration was accepted");
        throw std::logic_error("unreachable");
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ConfigLoaderTest);
} // namespace akashi::config
