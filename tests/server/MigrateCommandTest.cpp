#include "server/CommandRun.h"
#include "storage/Migrator.h"
#include "storage/PgConnection.h"
#include "support/HttpTestClient.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <filesystem>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// `akashi migrate`: lists or applies the embedded migrations, is idempotent, reports a changed
/// migration, and handles the embedded cluster (started for the command, or the running server's).
class MigrateCommandTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MigrateCommandTest);
    CPPUNIT_TEST(testDryRunOnEmptyDatabaseListsEveryMigrationAndAppliesNothing);
    CPPUNIT_TEST(testMigrateAppliesWithProgressThenIsIdempotent);
    CPPUNIT_TEST(testChangedMigrationIsReported);
    CPPUNIT_TEST(testUsageAndUnreachableDatabase);
    CPPUNIT_TEST(testEmbeddedClusterStartedForTheCommandOrShared);
    CPPUNIT_TEST_SUITE_END();

    static std::size_t migrationCount() { return storage::embeddedMigrations().size(); }

    static bool trackingTableExists(const TestDatabase& db)
    {
        storage::PgConnection connection(db.settings());
        return !connection.exec("SELECT to_regclass('schema_migrations') IS NULL AS missing").boolean(0, "missing");
    }

public:
    void testDryRunOnEmptyDatabaseListsEveryMigrationAndAppliesNothing()
    {
        TestDatabase db("cli_migrate_dry");
        const auto run = CommandRun::of(Env{{"DATABASE_URL", db.url()}}, {"migrate", "--dry-run"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 0, run.exitCode);
        const auto pending = run.linesStartingWith("pending ");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), migrationCount(), pending.size());
        CPPUNIT_ASSERT_EQUAL(std::string("pending 0001_identity.sql"), pending.front());
        CPPUNIT_ASSERT_MESSAGE(run.out, run.out.find(std::to_string(migrationCount()) +
                                                     " pending migration(s), 0 already applied; nothing applied "
                                                     "(dry run)") != std::string::npos);
        CPPUNIT_ASSERT(run.linesStartingWith("applying ").empty());
        CPPUNIT_ASSERT(!trackingTableExists(db));
    }

    void testMigrateAppliesWithProgressThenIsIdempotent()
    {
        TestDatabase db("cli_migrate_apply");
        const Env env{{"DATABASE_URL", db.url()}};
        const auto first = CommandRun::of(env, {"migrate"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.text(), 0, first.exitCode);
        const auto applying = first.linesStartingWith("applying ");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.text(), migrationCount(), applying.size());
        for (std::size_t i = 0; i < applying.size(); ++i)
            CPPUNIT_ASSERT_EQUAL("applying " + storage::embeddedMigrations()[i].fileName(), applying[i]);
        CPPUNIT_ASSERT_MESSAGE(first.out, first.out.find("applied " + std::to_string(migrationCount()) +
                                                         " migration(s), 0 were already applied") != std::string::npos);
        storage::PgConnection connection(db.settings());
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(migrationCount()),
                             connection.exec("SELECT count(*) AS n FROM schema_migrations").int64(0, "n"));

        const auto again = CommandRun::of(env, {"migrate"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(again.text(), 0, again.exitCode);
        CPPUNIT_ASSERT(again.linesStartingWith("applying ").empty());
        CPPUNIT_ASSERT_MESSAGE(again.out, again.out.find("schema is up to date (" + std::to_string(migrationCount()) +
                                                         " migrations applied)") != std::string::npos);
        const auto dry = CommandRun::of(env, {"migrate", "--dry-run"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dry.text(), 0, dry.exitCode);
        CPPUNIT_ASSERT(dry.linesStartingWith("pending ").empty());
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(migrationCount()),
                             connection.exec("SELECT count(*) AS n FROM schema_migrations").int64(0, "n"));
    }

    void testChangedMigrationIsReported()
    {
        TestDatabase db("cli_migrate_checksum");
        const Env env{{"DATABASE_URL", db.url()}};
        CPPUNIT_ASSERT_EQUAL(0, CommandRun::of(env, {"migrate"}).exitCode);
        storage::PgConnection connection(db.settings());
        connection.exec("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2");
        for (const char* mode : {"--dry-run", ""})
        {
            std::vector<std::string> args{"migrate"};
            if (*mode)
                args.emplace_back(mode);
            const auto run = CommandRun::of(env, args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 1, run.exitCode);
            CPPUNIT_ASSERT_MESSAGE(run.err, run.err.find("akashi migrate: migration 0002_runs_and_events.sql was "
                                                         "changed after it was applied") == 0);
            CPPUNIT_ASSERT_MESSAGE(run.err, run.err.find("Recorded checksum edited") != std::string::npos);
        }
    }

    void testUsageAndUnreachableDatabase()
    {
        const auto wrong = CommandRun::of(Env{}, {"migrate", "--force"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(wrong.text(), 64, wrong.exitCode);
        CPPUNIT_ASSERT(wrong.err.find("akashi migrate: unexpected argument \"--force\"") == 0);
        CPPUNIT_ASSERT(wrong.err.find("usage: akashi migrate") != std::string::npos);
        const auto help = CommandRun::of(Env{}, {"migrate", "--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.exitCode);
        CPPUNIT_ASSERT(help.out.find("usage: akashi migrate [--dry-run]") == 0);

        TempDirectory empty("akashi-cli-nodb");
        const auto down = CommandRun::of(Env{{"DATABASE_URL", "postgres://akashi:pw-not-shown@localhost:5999/akashi?host=" +
                                                                  empty.path()},
                                             {"AKASHI_DB_CONNECT_TIMEOUT", "2s"}},
                                         {"migrate"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(down.text(), 1, down.exitCode);
        CPPUNIT_ASSERT_MESSAGE(down.err, down.err.find("akashi migrate: cannot connect to PostgreSQL") == 0);
        CPPUNIT_ASSERT(down.err.find("pw-not-shown") == std::string::npos);
    }

    void testEmbeddedClusterStartedForTheCommandOrShared()
    {
        TempDirectory state("akashi-cli-state");
        const Env env{{"AKASHI_STATE_DIR", state.path()}};
        const std::string pidFile = state.path() + "/postgres/data/postmaster.pid";
        // No server: the command starts the cluster (creating it), migrates, and stops it again.
        const auto migrate = CommandRun::of(env, {"migrate"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(migrate.text(), 0, migrate.exitCode);
        CPPUNIT_ASSERT_MESSAGE(migrate.err, migrate.err.find("started the embedded PostgreSQL cluster in " + state.path() +
                                                             "/postgres/data for this command") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(migrationCount(), migrate.linesStartingWith("applying ").size());
        CPPUNIT_ASSERT(!std::filesystem::exists(pidFile));

        // A server on that cluster finds the schema current; a command run meanwhile shares the cluster
        // and leaves it running under the server.
        ServerProcess server(env);
        const auto port = server.waitUntilListening(std::chrono::seconds(120));
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), port.has_value());
        CPPUNIT_ASSERT(server.hasLogged("migrations up to date"));
        const auto dry = CommandRun::of(env, {"migrate", "--dry-run"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dry.text(), 0, dry.exitCode);
        CPPUNIT_ASSERT_MESSAGE(dry.err, dry.err.find("using the embedded PostgreSQL cluster already running in " +
                                                     state.path() + "/postgres/data (left running)") != std::string::npos);
        CPPUNIT_ASSERT(std::filesystem::exists(pidFile));
        CPPUNIT_ASSERT_EQUAL(200, HttpTestClient(*port).get("/health").status);
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
        CPPUNIT_ASSERT(!std::filesystem::exists(pidFile));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MigrateCommandTest);
} // namespace akashi::test
