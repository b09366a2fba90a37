#include "storage/Database.h"
#include "storage/Migrator.h"
#include "storage/PgConnection.h"
#include "support/ServerProcess.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// The schema work a server start does: embedded migrations, the skip switch, refusing a database whose
/// applied migrations were edited, and the event partitions created before it reports ready.
class MigrationStartupTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MigrationStartupTest);
    CPPUNIT_TEST(testStartMigratesEmptyDatabaseThenFindsItUpToDate);
    CPPUNIT_TEST(testSkipEmbeddedMigrationsNeedsAMigratedSchema);
    CPPUNIT_TEST(testChangedMigrationStopsStartup);
    CPPUNIT_TEST_SUITE_END();

public:
    void testStartMigratesEmptyDatabaseThenFindsItUpToDate()
    {
        TestDatabase db("startup_migrate");
        const auto& migrations = storage::embeddedMigrations();
        {
            ServerProcess server(Env{{"DATABASE_URL", db.url()}, {"AKASHI_PARTITIONS_AHEAD_DAYS", "3"}});
            CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
            auto applied = server.waitForLog("migrations applied");
            CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), applied);
            CPPUNIT_ASSERT_EQUAL(static_cast<int>(migrations.size()), applied->getValue<int>("count"));
            CPPUNIT_ASSERT(applied->getValue<std::string>("names").rfind("0001_identity.sql,0002_runs_and_events.sql", 0) == 0);
            // Yesterday, today and three days ahead, before the server said it was listening.
            auto partitions = server.waitForLog("event partitions created");
            CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), partitions);
            CPPUNIT_ASSERT_EQUAL(5, partitions->getValue<int>("count"));
            CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
        }
        storage::PgConnection connection(db.settings());
        auto rows = connection.exec("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(migrations.size()), rows.rows());
        for (int row = 0; row < rows.rows(); ++row)
        {
            const auto& migration = migrations[static_cast<std::size_t>(row)];
            CPPUNIT_ASSERT_EQUAL(std::int64_t{migration.version}, rows.int64(row, "version"));
            CPPUNIT_ASSERT_EQUAL(migration.name, rows.text(row, "name"));
            CPPUNIT_ASSERT_EQUAL(storage::Migrator::checksum(migration.sql), rows.text(row, "checksum"));
        }

        ServerProcess again(Env{{"DATABASE_URL", db.url()}, {"AKASHI_PARTITIONS_AHEAD_DAYS", "3"}});
        CPPUNIT_ASSERT_MESSAGE(again.stderrText(), again.waitUntilListening().has_value());
        auto upToDate = again.waitForLog("migrations up to date");
        CPPUNIT_ASSERT_MESSAGE(again.stdoutText(), upToDate);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(migrations.size()), upToDate->getValue<int>("count"));
        CPPUNIT_ASSERT(!again.hasLogged("migrations applied"));
        CPPUNIT_ASSERT(!again.hasLogged("event partitions created"));
        CPPUNIT_ASSERT_EQUAL(0, again.stop(SIGTERM));
    }

    void testSkipEmbeddedMigrationsNeedsAMigratedSchema()
    {
        TestDatabase db("startup_skip");
        {
            // An empty database: the server must neither migrate it nor serve on it.
            ServerProcess server(Env{{"DATABASE_URL", db.url()}, {"AKASHI_SKIP_EMBEDDED_MIGRATIONS", "true"}});
            const int code = server.waitForExit();
            CPPUNIT_ASSERT_MESSAGE(server.stderrText(), code != 0 && code != -1);
            CPPUNIT_ASSERT_MESSAGE(server.stderrText(),
                                   server.stderrText().find("the database schema lacks " +
                                                            std::to_string(storage::embeddedMigrations().size()) +
                                                            " migration(s) and AKASHI_SKIP_EMBEDDED_MIGRATIONS is true") !=
                                       std::string::npos);
            CPPUNIT_ASSERT(!server.hasLogged("migrations applied"));
            storage::PgConnection connection(db.settings());
            auto tables = connection.exec("SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                          "c.relnamespace WHERE n.nspname = 'public'");
            CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, tables.int64(0, "n"));
        }
        {
            // Migrated by someone else: it serves, and says it left migrations alone.
            storage::Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
            storage::Migrator(storage::embeddedMigrations()).apply(database);
        }
        ServerProcess server(Env{{"DATABASE_URL", db.url()}, {"AKASHI_SKIP_EMBEDDED_MIGRATIONS", "true"}});
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
        CPPUNIT_ASSERT(server.hasLogged("embedded migrations skipped"));
        CPPUNIT_ASSERT(!server.hasLogged("migrations applied"));
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
    }

    void testChangedMigrationStopsStartup()
    {
        TestDatabase db("startup_changed");
        {
            storage::Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
            storage::Migrator(storage::embeddedMigrations()).apply(database);
            // As if 0002 had been edited after this database applied it.
            database.connection()->exec("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = 2");
        }
        ServerProcess server(Env{{"DATABASE_URL", db.url()}});
        const int code = server.waitForExit();
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), code != 0 && code != -1);
        const std::string err = server.stderrText();
        CPPUNIT_ASSERT_MESSAGE(err, err.rfind("akashi: migration 0002_runs_and_events.sql was changed after it was "
                                              "applied\nRecorded checksum " + std::string(64, '0'),
                                              0) == 0);
        CPPUNIT_ASSERT_MESSAGE(err, err.find("\nMigrations are frozen once applied; add a new migration instead.\n") !=
                                        std::string::npos);
        CPPUNIT_ASSERT(!server.hasLogged("http server starting"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MigrationStartupTest);
} // namespace akashi::test
