#include "support/HttpTestClient.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace akashi::test
{
using Env = ServerProcess::Env;

class ServerLifecycleTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ServerLifecycleTest);
    CPPUNIT_TEST(testHealthAgainstExternalDatabaseThenSigterm);
    CPPUNIT_TEST(testSigintStopsCleanly);
    CPPUNIT_TEST(testInvalidConfigurationReportsEveryProblem);
    CPPUNIT_TEST(testUnknownKeySuggestsNearest);
    CPPUNIT_TEST(testUnreachableDatabaseStopsStartup);
    CPPUNIT_TEST(testWrongAbiPluginStopsStartup);
    CPPUNIT_TEST(testStreamingConfigurationIsChecked);
    CPPUNIT_TEST(testEmbeddedClusterIsCreatedStoppedAndReused);
    CPPUNIT_TEST(testFailedStartStopsEmbeddedCluster);
    CPPUNIT_TEST(testTellsSystemdReadyThenStopping);
    CPPUNIT_TEST(testVersionAndHelp);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHealthAgainstExternalDatabaseThenSigterm()
    {
        TestDatabase db("server_health");
        // The test cluster trusts its socket, so any password works; it must never reach the log.
        const std::string password = "hunter2-never-logged";
        ServerProcess server(Env{{"DATABASE_URL", db.url(password)}});
        const auto port = server.waitUntilListening();
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), port.has_value());

        Poco::Net::NameValueCollection headers;
        headers.set("X-Request-ID", "lifecycle-1");
        auto reply = HttpTestClient(*port).request("GET", "/health", "", headers);
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("healthy"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("connected"), data->getValue<std::string>("postgres"));

        auto access = server.waitForLog("http request");
        CPPUNIT_ASSERT(access);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), access->getValue<std::string>("method"));
        CPPUNIT_ASSERT_EQUAL(std::string("/health"), access->getValue<std::string>("path"));
        CPPUNIT_ASSERT_EQUAL(200, access->getValue<int>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("lifecycle-1"), access->getValue<std::string>("request_id"));
        CPPUNIT_ASSERT(access->has("duration_ms"));

        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
        CPPUNIT_ASSERT(server.hasLogged("akashi shutting down"));
        CPPUNIT_ASSERT(server.hasLogged("akashi stopped"));
        // The database password never reaches the log.
        CPPUNIT_ASSERT(server.stdoutText().find(password) == std::string::npos);
        CPPUNIT_ASSERT(server.stderrText().find(password) == std::string::npos);
    }

    void testSigintStopsCleanly()
    {
        TestDatabase db("server_sigint");
        ServerProcess server(Env{{"DATABASE_URL", db.url()}});
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGINT));
        CPPUNIT_ASSERT(server.hasLogged("akashi stopped"));
    }

    void testInvalidConfigurationReportsEveryProblem()
    {
        ServerProcess server(Env{{"AKASHI_PORT", "abc"}, {"AKASHI_LOG_LEVEL", "verbose"}});
        CPPUNIT_ASSERT_EQUAL(78, server.waitForExit()); // EX_CONFIG
        const auto err = server.stderrText();
        CPPUNIT_ASSERT_MESSAGE(err, err.find("akashi: invalid configuration") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(err, err.find("akashi.http.port (AKASHI_PORT): \"abc\" is not an integer") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(err, err.find("akashi.log.level (AKASHI_LOG_LEVEL): \"verbose\" is not one of debug, info, warn, error") != std::string::npos);
        CPPUNIT_ASSERT(!server.hasLogged("http server starting"));
    }

    void testUnknownKeySuggestsNearest()
    {
        ServerProcess server(Env{}, {"--set", "akashi.http.prot=9000"});
        CPPUNIT_ASSERT_EQUAL(78, server.waitForExit());
        const auto err = server.stderrText();
        CPPUNIT_ASSERT_MESSAGE(err, err.find("unknown key akashi.http.prot; did you mean akashi.http.port?") != std::string::npos);
    }

    void testUnreachableDatabaseStopsStartup()
    {
        TempDirectory empty("akashi-nodb");
        ServerProcess server(Env{{"DATABASE_URL", "postgres://akashi@localhost:5999/akashi?host=" + empty.path()},
                              {"AKASHI_DB_CONNECT_TIMEOUT", "2s"}});
        const int code = server.waitForExit();
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), code != 0 && code != -1);
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.stderrText().find("akashi: ") == 0);
        CPPUNIT_ASSERT(!server.hasLogged("http server starting"));
    }

    void testStreamingConfigurationIsChecked()
    {
        TestDatabase db("server_stream_config");
        // The postgres transport needs a direct connection to listen on.
        ServerProcess noUrl(Env{{"DATABASE_URL", db.url()}, {"AKASHI_NOTIFY_TRANSPORT", "postgres"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(noUrl.stderrText(), 78, noUrl.waitForExit());
        CPPUNIT_ASSERT_MESSAGE(noUrl.stderrText(), noUrl.stderrText().find(
                                                       "NOTIFY_URL is required by the postgres notify transport") !=
                                                       std::string::npos);
        // A zero keepalive would spin the broker.
        ServerProcess zero(Env{{"DATABASE_URL", db.url()}, {"AKASHI_SSE_KEEPALIVE_INTERVAL", "0"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(zero.stderrText(), 78, zero.waitForExit());
        CPPUNIT_ASSERT_MESSAGE(zero.stderrText(), zero.stderrText().find(
                                                      "akashi.sse.keepalive_interval must be more than 0") !=
                                                      std::string::npos);
    }

    void testWrongAbiPluginStopsStartup()
    {
        TestDatabase db("server_badplugin");
        TempDirectory plugins("akashi-plugins");
        std::filesystem::copy_file(fixtureDir() + "/embedding-wrongabi.so", plugins.path() + "/embedding-wrongabi.so");
        ServerProcess server(Env{{"DATABASE_URL", db.url()}, {"AKASHI_PLUGINS_DIR", plugins.path()}});
        const int code = server.waitForExit();
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), code != 0 && code != -1);
        const auto err = server.stderrText();
        const std::string expected = "akashi: cannot load plugin \"embedding/wrongabi\" (" + plugins.path() +
                                     "/embedding-wrongabi.so): ABI version mismatch\n"
                                     "Server ABI is 1.0, plugin ABI is 2.0.\n"
                                     "Rebuild the plugin against this server's headers.\n";
        CPPUNIT_ASSERT_EQUAL(expected, err);
    }

    void testEmbeddedClusterIsCreatedStoppedAndReused()
    {
        TempDirectory state("akashi-state");
        const std::string pidFile = state.path() + "/postgres/data/postmaster.pid";
        {
            ServerProcess first(Env{{"AKASHI_STATE_DIR", state.path()}});
            const auto port = first.waitUntilListening(std::chrono::seconds(120));
            CPPUNIT_ASSERT_MESSAGE(first.stderrText() + first.stdoutText(), port.has_value());
            CPPUNIT_ASSERT(first.hasLogged("embedded postgres initialised"));
            CPPUNIT_ASSERT_EQUAL(200, HttpTestClient(*port).get("/health").status);
            CPPUNIT_ASSERT(std::filesystem::exists(pidFile));
            CPPUNIT_ASSERT_EQUAL(0, first.stop(SIGTERM));
            CPPUNIT_ASSERT(first.hasLogged("embedded postgres stopped"));
            CPPUNIT_ASSERT(!std::filesystem::exists(pidFile));
        }
        ServerProcess second(Env{{"AKASHI_STATE_DIR", state.path()}});
        const auto port = second.waitUntilListening(std::chrono::seconds(120));
        CPPUNIT_ASSERT_MESSAGE(second.stderrText(), port.has_value());
        CPPUNIT_ASSERT(second.hasLogged("embedded postgres reused"));
        CPPUNIT_ASSERT(!second.hasLogged("embedded postgres initialised"));
        CPPUNIT_ASSERT_EQUAL(200, HttpTestClient(*port).get("/health").status);
        CPPUNIT_ASSERT_EQUAL(0, second.stop(SIGTERM));
        CPPUNIT_ASSERT(!std::filesystem::exists(pidFile));
    }

    void testFailedStartStopsEmbeddedCluster()
    {
        // The database starts first; when the plugins then fail, the cluster it started must be stopped.
        TempDirectory state("akashi-rollback");
        TempDirectory plugins("akashi-plugins");
        std::filesystem::copy_file(fixtureDir() + "/embedding-wrongabi.so", plugins.path() + "/embedding-wrongabi.so");
        ServerProcess server(Env{{"AKASHI_STATE_DIR", state.path()}, {"AKASHI_PLUGINS_DIR", plugins.path()}});
        const int code = server.waitForExit(std::chrono::seconds(120));
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), code != 0 && code != -1);
        CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), server.hasLogged("embedded postgres initialised"));
        CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), server.hasLogged("embedded postgres stopped"));
        CPPUNIT_ASSERT(!std::filesystem::exists(state.path() + "/postgres/data/postmaster.pid"));
        CPPUNIT_ASSERT(!server.hasLogged("akashi stopped")); // it never started
    }

    void testTellsSystemdReadyThenStopping()
    {
        TestDatabase db("server_notify");
        TempDirectory dir("akashi-notify");
        NotifySocket systemd(dir.path() + "/notify.sock");
        ServerProcess server(Env{{"DATABASE_URL", db.url()}, {"NOTIFY_SOCKET", systemd.path()}});
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
        const std::string ready = systemd.receive();
        CPPUNIT_ASSERT_MESSAGE(ready, ready.find("READY=1") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
        const std::string stopping = systemd.receive();
        CPPUNIT_ASSERT_MESSAGE(stopping, stopping.find("STOPPING=1") != std::string::npos);
    }

    void testVersionAndHelp()
    {
        ServerProcess version(Env{}, {"--version"});
        CPPUNIT_ASSERT_EQUAL(0, version.waitForExit());
        CPPUNIT_ASSERT(version.stdoutText().rfind("akashi ", 0) == 0);
        ServerProcess help(Env{}, {"--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.waitForExit());
        CPPUNIT_ASSERT_MESSAGE(help.stdoutText(), help.stdoutText().find("--config-file") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(help.stdoutText(), help.stdoutText().find("--set") != std::string::npos);
    }

private:
    static std::string fixtureDir()
    {
        return std::string(std::getenv("AKASHI_TEST_BINARY_DIR")) + "/tests/plugin/fixtures";
    }

    /// Stands in for systemd's notification socket (a unix datagram socket named by NOTIFY_SOCKET).
    class NotifySocket
    {
    public:
        explicit NotifySocket(std::string path) : _path(std::move(path)), _fd(::socket(AF_UNIX, SOCK_DGRAM, 0))
        {
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            CPPUNIT_ASSERT(_path.size() < sizeof address.sun_path);
            _path.copy(address.sun_path, _path.size());
            CPPUNIT_ASSERT(::bind(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
            timeval timeout{30, 0};
            ::setsockopt(_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        }
        ~NotifySocket() { ::close(_fd); }
        NotifySocket(const NotifySocket&) = delete;
        NotifySocket& operator=(const NotifySocket&) = delete;

        const std::string& path() const noexcept { return _path; }

        /// The next datagram, or empty after 30 s.
        std::string receive()
        {
            char buffer[1024];
            const ssize_t n = ::recv(_fd, buffer, sizeof buffer, 0);
            return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
        }

    private:
        std::string _path;
        int _fd;
    };
};
CPPUNIT_TEST_SUITE_REGISTRATION(ServerLifecycleTest);
} // namespace akashi::test
