#include "server/CommandRun.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// `akashi config check`: the server's loading and validation rules, the source of each setting,
/// secrets masked, exit 78 naming every bad key.
class ConfigCheckCommandTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigCheckCommandTest);
    CPPUNIT_TEST(testValidConfigurationShowsSourcesAndMasksSecrets);
    CPPUNIT_TEST(testPropertiesFileIsASource);
    CPPUNIT_TEST(testInvalidValuesAreAllReported);
    CPPUNIT_TEST(testUsage);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidConfigurationShowsSourcesAndMasksSecrets()
    {
        const auto run = CommandRun::of(
            Env{{"DATABASE_URL", "postgres://akashi:db-secret-1@db.internal:6432/akashi?sslmode=disable"},
                {"OPENAI_API_KEY", "sk-secret-2"},
                {"AKASHI_SHUTDOWN_HTTP_TIMEOUT", "20s"}},
            {"config", "check", "--set", "akashi.log.level=debug"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 0, run.exitCode);
        CPPUNIT_ASSERT(run.out.rfind("configuration ok\n", 0) == 0);
        for (const char* line :
             {"properties file: /dev/null (read)\n",
              "database: postgres://akashi:****@db.internal:6432/akashi?sslmode=disable\n",
              "  akashi.database.url = postgres://akashi:****@db.internal:6432/akashi?sslmode=disable  "
              "(environment DATABASE_URL)\n",
              "  akashi.embedding.openai.api_key = ********  (environment OPENAI_API_KEY)\n",
              "  akashi.shutdown.http_timeout = 20s  (environment AKASHI_SHUTDOWN_HTTP_TIMEOUT)\n",
              "  akashi.log.level = debug  (--set)\n"})
            CPPUNIT_ASSERT_MESSAGE(std::string(line) + run.text(), run.out.find(line) != std::string::npos);
        // Defaults are not listed; secrets appear nowhere.
        CPPUNIT_ASSERT(run.out.find("akashi.http.read_timeout") == std::string::npos);
        for (const char* secret : {"db-secret-1", "sk-secret-2"})
        {
            CPPUNIT_ASSERT(run.out.find(secret) == std::string::npos);
            CPPUNIT_ASSERT(run.err.find(secret) == std::string::npos);
        }
    }

    void testPropertiesFileIsASource()
    {
        TempDirectory dir("akashi-config-check");
        const std::string file = dir.path() + "/akashi.properties";
        std::ofstream(file) << "akashi.sse.replay_limit = 50\nakashi.http.port = 9191\n";
        // The environment outranks the file, --set outranks the environment.
        const auto run = CommandRun::of(Env{{"AKASHI_PORT", "9292"}},
                                        {"config", "check", "--config-file", file, "--set", "akashi.http.port=9393"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 0, run.exitCode);
        CPPUNIT_ASSERT_MESSAGE(run.out, run.out.find("properties file: " + file + " (read)\n") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(run.out, run.out.find("  akashi.sse.replay_limit = 50  (file " + file + ")\n") !=
                                            std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(run.out, run.out.find("  akashi.http.port = 9393  (--set)\n") != std::string::npos);

        const auto missing = CommandRun::of(Env{}, {"config", "check", "--config-file", dir.path() + "/none.properties"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(missing.text(), 78, missing.exitCode);
        CPPUNIT_ASSERT(missing.err.find("configuration file " + dir.path() + "/none.properties does not exist") !=
                       std::string::npos);
    }

    void testInvalidValuesAreAllReported()
    {
        const auto run = CommandRun::of(Env{{"AKASHI_PORT", "abc"}, {"AKASHI_SHUTDOWN_LOOP_DRAIN_TIMEOUT", "soon"}},
                                        {"config", "check", "--set", "akashi.http.prot=1"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 78, run.exitCode);
        CPPUNIT_ASSERT(run.err.rfind("akashi config: invalid configuration\n", 0) == 0);
        for (const char* problem :
             {"akashi.http.port (AKASHI_PORT): \"abc\" is not an integer",
              "akashi.shutdown.loop_drain_timeout (AKASHI_SHUTDOWN_LOOP_DRAIN_TIMEOUT): \"soon\"",
              "unknown key akashi.http.prot; did you mean akashi.http.port?"})
            CPPUNIT_ASSERT_MESSAGE(run.err, run.err.find(problem) != std::string::npos);
        CPPUNIT_ASSERT(run.out.find("configuration ok") == std::string::npos);
    }

    void testUsage()
    {
        for (const auto& args : std::vector<std::vector<std::string>>{{"config"}, {"config", "show"},
                                                                       {"config", "check", "extra"}})
        {
            const auto run = CommandRun::of(Env{}, args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 64, run.exitCode);
            CPPUNIT_ASSERT(run.err.find("usage: akashi config check") != std::string::npos);
        }
        const auto set = CommandRun::of(Env{}, {"config", "check", "--set", "novalue"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(set.text(), 64, set.exitCode);
        CPPUNIT_ASSERT(set.err.find("--set expects KEY=VALUE, got \"novalue\"") != std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ConfigCheckCommandTest);
} // namespace akashi::test
