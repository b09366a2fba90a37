#include "common/Exception.h"
#include "storage/CommandRunner.h"
#include "storage/Database.h"
#include "storage/EmbeddedPostgres.h"
#include "support/TempDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace akashi::storage
{
class EmbeddedPostgresTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EmbeddedPostgresTest);
    CPPUNIT_TEST(testFirstStartInitialisesThenReuses);
    CPPUNIT_TEST(testRecoversAfterPostgresKilled);
    CPPUNIT_TEST(testPingFollowsARestart);
    CPPUNIT_TEST(testMissingBinariesNamed);
    CPPUNIT_TEST(testCommandRunnerCapturesOutputAndExitCode);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFirstStartInitialisesThenReuses()
    {
        test::TempDirectory state("akashi-embedded");
        auto options = optionsFor(state.path());
        {
            EmbeddedPostgres pg(options);
            pg.start();
            CPPUNIT_ASSERT(pg.initialisedOnThisStart());
            Database db(pg.connectionSettings(), {1, 1}, std::chrono::seconds(5));
            CPPUNIT_ASSERT(db.ping());
            CPPUNIT_ASSERT(std::filesystem::exists(pg.socketDir() + "/.s.PGSQL.5433"));
            pg.stop();
            CPPUNIT_ASSERT(!std::filesystem::exists(pg.dataDir() + "/postmaster.pid"));
        }
        EmbeddedPostgres again(options);
        again.start();
        CPPUNIT_ASSERT(!again.initialisedOnThisStart());
        Database db(again.connectionSettings(), {1, 1}, std::chrono::seconds(5));
        CPPUNIT_ASSERT(db.ping());
    }

    void testRecoversAfterPostgresKilled()
    {
        test::TempDirectory state("akashi-embedded-kill");
        EmbeddedPostgres first(optionsFor(state.path()));
        first.start();
        std::ifstream pidFile(first.dataDir() + "/postmaster.pid");
        int pid = 0;
        pidFile >> pid;
        CPPUNIT_ASSERT(pid > 0);
        ::kill(pid, SIGKILL);
        for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        first.detach(); // it is dead; nothing to stop

        EmbeddedPostgres second(optionsFor(state.path()));
        second.start(); // stale postmaster.pid must not block the start
        Database db(second.connectionSettings(), {1, 1}, std::chrono::seconds(5));
        CPPUNIT_ASSERT(db.ping());
    }

    void testPingFollowsARestart()
    {
        // The pool's idle session dies with the server; the next ping must use a fresh one, not report
        // "disconnected" once more after PostgreSQL is back.
        test::TempDirectory state("akashi-embedded-restart");
        EmbeddedPostgres pg(optionsFor(state.path()));
        pg.start();
        Database db(pg.connectionSettings(), {1, 2}, std::chrono::seconds(5));
        CPPUNIT_ASSERT(db.ping());
        pg.stop();
        pg.start();
        CPPUNIT_ASSERT(db.ping()); // the idle session predates the restart
        pg.stop();
        CPPUNIT_ASSERT(!db.ping());
        pg.start();
        CPPUNIT_ASSERT(db.ping());
    }

    void testMissingBinariesNamed()
    {
        test::TempDirectory state("akashi-embedded-bin");
        auto options = optionsFor(state.path());
        options.binDir = "/nonexistent/bin";
        try
        {
            EmbeddedPostgres(options).start();
            CPPUNIT_FAIL("started without binaries");
        }
        catch (const Exception& e)
        {
            CPPUNIT_ASSERT_EQUAL(std::string("cannot find PostgreSQL in /nonexistent/bin"), e.message());
            CPPUNIT_ASSERT_EQUAL(std::string("/nonexistent/bin/pg_ctl does not exist."), e.detail());
            CPPUNIT_ASSERT_EQUAL(std::string("Install postgresql-15 or set AKASHI_EMBEDDED_PG_BIN_DIR."), e.hint());
        }
    }

    void testCommandRunnerCapturesOutputAndExitCode()
    {
        auto ok = CommandRunner::run({"sh", "-c", "echo out; echo err >&2; exit 3"});
        CPPUNIT_ASSERT_EQUAL(3, ok.exitCode);
        CPPUNIT_ASSERT(ok.output.find("out") != std::string::npos && ok.output.find("err") != std::string::npos);
        auto missing = CommandRunner::run({"/nonexistent/tool"});
        CPPUNIT_ASSERT_EQUAL(-1, missing.exitCode);
        CPPUNIT_ASSERT_EQUAL(std::string("cannot run /nonexistent/tool: No such file or directory"), missing.output);
        CPPUNIT_ASSERT_EQUAL(std::string("c\nd"), CommandRunner::tail("a\nb\nc\nd\n", 2));
    }

private:
    static EmbeddedPostgres::Options optionsFor(const std::string& state)
    {
        EmbeddedPostgres::Options options;
        options.baseDir = state + "/postgres";
        options.port = 5433; // only names the socket file, but distinct from the shared cluster's
        options.durable = false;
        return options;
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(EmbeddedPostgresTest);
} // namespace akashi::storage
