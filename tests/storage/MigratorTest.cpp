#include "common/Exception.h"
#include "storage/Database.h"
#include "storage/Migrator.h"
#include "support/ExpectException.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <latch>
#include <sstream>
#include <thread>

namespace akashi::storage
{
class MigratorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MigratorTest);
    CPPUNIT_TEST(testEmbeddedMigrationsApplyToEmptyDatabase);
    CPPUNIT_TEST(testEmbeddedMigrationsAreTheFilesByteForByte);
    CPPUNIT_TEST(testConcurrentApplyRecordsEachMigrationOnce);
    CPPUNIT_TEST(testChangedMigrationIsRefused);
    CPPUNIT_TEST(testUnknownAppliedVersionIsRefused);
    CPPUNIT_TEST(testMissingRecordIsRefused);
    CPPUNIT_TEST(testBrokenMigrationLeavesNothingBehind);
    CPPUNIT_TEST(testTransactionControlInMigrationIsRefused);
    CPPUNIT_TEST(testPendingOnlyReads);
    CPPUNIT_TEST(testForeignTrackingTableIsRefused);
    CPPUNIT_TEST(testMisnumberedListIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEmbeddedMigrationsApplyToEmptyDatabase()
    {
        test::TestDatabase db("migrate_embedded");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        const auto& migrations = embeddedMigrations();
        CPPUNIT_ASSERT(migrations.size() >= 5);
        CPPUNIT_ASSERT_EQUAL(std::string("0002_runs_and_events.sql"), migrations[1].fileName());

        const auto first = Migrator(migrations).apply(database);
        CPPUNIT_ASSERT_EQUAL(migrations.size(), first.applied.size());
        CPPUNIT_ASSERT_EQUAL(std::string("0001_identity.sql"), first.applied.front());
        CPPUNIT_ASSERT_EQUAL(0, first.alreadyApplied);

        auto connection = database.connection();
        for (const char* table : {"organizations", "agents", "agent_runs", "decisions", "alternatives", "evidence",
                                  "access_grants", "search_outbox", "search_outbox_dead_letters", "idempotency_keys",
                                  "integrity_proofs", "scored_conflicts", "deletion_audit_log", "schema_migrations",
                                  "agent_events_default"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(table, std::string("r"), relkind(*connection, table));
        CPPUNIT_ASSERT_EQUAL(std::string("p"), relkind(*connection, "agent_events")); // partitioned
        CPPUNIT_ASSERT_EQUAL(std::string("S"), relkind(*connection, "event_sequence_num_seq"));
        CPPUNIT_ASSERT_EQUAL(std::string("S"), relkind(*connection, "decision_embedding_seq"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent_events_default"),
                             connection
                                 ->exec("SELECT partdefid::regclass::text AS name FROM pg_partitioned_table "
                                        "WHERE partrelid = 'agent_events'::regclass")
                                 .text(0, "name"));
        auto org = connection->exec("SELECT name, slug, plan FROM organizations "
                                    "WHERE id = '00000000-0000-0000-0000-000000000000'");
        CPPUNIT_ASSERT_EQUAL(1, org.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("Default"), org.text(0, "name"));
        CPPUNIT_ASSERT_EQUAL(std::string("default"), org.text(0, "slug"));
        CPPUNIT_ASSERT_EQUAL(std::string("oss"), org.text(0, "plan"));

        const auto second = Migrator(migrations).apply(database);
        CPPUNIT_ASSERT(second.applied.empty());
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(migrations.size()), second.alreadyApplied);
        CPPUNIT_ASSERT(Migrator(migrations).pending(database).empty());
    }

    void testEmbeddedMigrationsAreTheFilesByteForByte()
    {
        const std::filesystem::path dir = std::filesystem::path(std::getenv("AKASHI_TEST_SOURCE_DIR")) / "migrations";
        std::size_t files = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            files += entry.path().extension() == ".sql" ? 1 : 0;
        const auto& migrations = embeddedMigrations();
        CPPUNIT_ASSERT_EQUAL(files, migrations.size());

        test::TestDatabase db("migrate_checksums");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        Migrator(migrations).apply(database);
        auto connection = database.connection();
        for (const auto& migration : migrations)
        {
            std::ifstream in(dir / migration.fileName(), std::ios::binary);
            std::ostringstream bytes;
            bytes << in.rdbuf();
            CPPUNIT_ASSERT_MESSAGE(migration.fileName(), bytes.str() == migration.sql);
            // PostgreSQL's own SHA-256 of the file agrees with the recorded checksum.
            auto row = connection->exec("SELECT checksum, encode(sha256(convert_to($1, 'UTF8')), 'hex') AS expected "
                                        "FROM schema_migrations WHERE version = $2",
                                        SqlParams().add(bytes.str()).add(migration.version));
            CPPUNIT_ASSERT_EQUAL(row.text(0, "expected"), row.text(0, "checksum"));
            CPPUNIT_ASSERT_EQUAL(row.text(0, "expected"), Migrator::checksum(migration.sql));
        }
    }

    void testConcurrentApplyRecordsEachMigrationOnce()
    {
        test::TestDatabase db("migrate_race");
        const auto& migrations = embeddedMigrations();
        std::latch go(2);
        MigrationReport reports[2];
        std::string errors[2];
        auto racer = [&](int i) {
            try
            {
                Database database(db.settings(), {1, 1}, std::chrono::seconds(10));
                Migrator migrator(migrations);
                go.arrive_and_wait();
                reports[i] = migrator.apply(database);
            }
            catch (const Exception& e)
            {
                errors[i] = e.fullText();
            }
        };
        std::thread a(racer, 0);
        std::thread b(racer, 1);
        a.join();
        b.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(errors[0], std::string(), errors[0]);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(errors[1], std::string(), errors[1]);
        // One applied everything, the other waited for the lock and found nothing to do.
        CPPUNIT_ASSERT_EQUAL(migrations.size(), reports[0].applied.size() + reports[1].applied.size());
        CPPUNIT_ASSERT(reports[0].applied.empty() || reports[1].applied.empty());

        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        auto rows = database.connection()->exec(
            "SELECT count(*) AS n, count(DISTINCT version) AS versions FROM schema_migrations");
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(migrations.size()), rows.int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(migrations.size()), rows.int64(0, "versions"));
    }

    void testChangedMigrationIsRefused()
    {
        test::TestDatabase db("migrate_changed");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        Migrator({{1, "identity", "CREATE TABLE a (x int);"}, {2, "runs_and_events", "CREATE TABLE b (x int);"}})
            .apply(database);
        Migrator edited({{1, "identity", "CREATE TABLE a (x int);"},
                         {2, "runs_and_events", "CREATE TABLE b (x int, y int);"},
                         {3, "later", "CREATE TABLE c (x int);"}});
        for (const auto& e : {test::expectException([&] { edited.apply(database); }),
                              test::expectException([&] { edited.pending(database); })})
        {
            CPPUNIT_ASSERT_EQUAL(std::string("migration 0002_runs_and_events.sql was changed after it was applied"),
                                 e.message());
            CPPUNIT_ASSERT_MESSAGE(e.detail(), e.detail().find(Migrator::checksum("CREATE TABLE b (x int);")) !=
                                                   std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(e.detail(), e.detail().find(Migrator::checksum("CREATE TABLE b (x int, y int);")) !=
                                                   std::string::npos);
            CPPUNIT_ASSERT_EQUAL(std::string("Migrations are frozen once applied; add a new migration instead."),
                                 e.hint());
        }
        CPPUNIT_ASSERT_EQUAL(std::string(), relkind(*database.connection(), "c")); // nothing more was applied
    }

    void testUnknownAppliedVersionIsRefused()
    {
        test::TestDatabase db("migrate_newer");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        Migrator({{1, "one", "SELECT 1;"}, {2, "two", "SELECT 2;"}}).apply(database);
        auto e = test::expectException([&] { Migrator({{1, "one", "SELECT 1;"}}).apply(database); });
        CPPUNIT_ASSERT_EQUAL(std::string("database schema is newer than this server (migration 2 is unknown)"),
                             e.message());
        CPPUNIT_ASSERT_MESSAGE(e.detail(), e.detail().find("this server knows migrations 1..1") != std::string::npos);
    }

    void testMissingRecordIsRefused()
    {
        test::TestDatabase db("migrate_gap");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        const std::vector<Migration> list{{1, "one", "SELECT 1;"}, {2, "two", "SELECT 2;"}};
        Migrator(list).apply(database);
        database.connection()->exec("DELETE FROM schema_migrations WHERE version = 1");
        auto e = test::expectException([&] { Migrator(list).apply(database); });
        CPPUNIT_ASSERT_EQUAL(std::string("migration 0001_one.sql is not recorded but later ones are"), e.message());
    }

    void testBrokenMigrationLeavesNothingBehind()
    {
        test::TestDatabase db("migrate_broken");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        Migrator broken({{1, "good", "CREATE TABLE good (x int);"},
                         {2, "broken", "-- header\nCREATE TABLE half (x int);\nCREAT TABLE oops (x int);\n"}});
        auto e = test::expectException([&] { broken.apply(database); });
        CPPUNIT_ASSERT_EQUAL(std::string("migration 0002_broken.sql failed: syntax error at or near \"CREAT\""),
                             e.message());
        CPPUNIT_ASSERT_MESSAGE(e.detail(), e.detail().find("LINE 3: CREAT TABLE oops") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(e.detail(), e.detail().find("SQLSTATE 42601") != std::string::npos);
        auto connection = database.connection();
        // Everything ran in one transaction: the tracking table it created is gone too.
        for (const char* table : {"schema_migrations", "good", "half"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(table, std::string(), relkind(*connection, table));
    }

    void testTransactionControlInMigrationIsRefused()
    {
        test::TestDatabase db("migrate_commit");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        auto e = test::expectException(
            [&] { Migrator({{1, "sneaky", "CREATE TABLE t (x int); COMMIT;"}}).apply(database); });
        CPPUNIT_ASSERT_EQUAL(std::string("migration 0001_sneaky.sql ended the migration transaction"), e.message());
    }

    void testPendingOnlyReads()
    {
        test::TestDatabase db("migrate_pending");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        const std::vector<Migration> list{{1, "one", "CREATE TABLE one (x int);"}, {2, "two", "CREATE TABLE two (x int);"}};
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, Migrator(list).pending(database).size());
        CPPUNIT_ASSERT_EQUAL(std::string(), relkind(*database.connection(), "schema_migrations"));
        Migrator({list[0]}).apply(database);
        const auto pending = Migrator(list).pending(database);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, pending.size());
        CPPUNIT_ASSERT_EQUAL(std::string("0002_two.sql"), pending[0].fileName());
        CPPUNIT_ASSERT_EQUAL(std::string(), relkind(*database.connection(), "two"));
    }

    void testForeignTrackingTableIsRefused()
    {
        test::TestDatabase db("migrate_foreign");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        // golang-migrate's shape
        database.connection()->exec("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)");
        auto e = test::expectException([&] { Migrator(embeddedMigrations()).apply(database); });
        CPPUNIT_ASSERT_EQUAL(std::string("schema_migrations is not this server's migration table"), e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("PostgreSQL: column \"name\" does not exist."), e.detail());
        CPPUNIT_ASSERT_EQUAL(std::string(), relkind(*database.connection(), "organizations"));
    }

    void testMisnumberedListIsRefused()
    {
        auto e = test::expectException([] { Migrator({{1, "one", "SELECT 1;"}, {3, "three", "SELECT 3;"}}); });
        CPPUNIT_ASSERT_EQUAL(std::string("migrations are not numbered 1..N without gaps"), e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("Expected version 2, found 0003_three.sql."), e.detail());
    }

private:
    /// pg_class.relkind of a relation in the public schema ("r" table, "p" partitioned, "S" sequence), or
    /// "" when there is none.
    static std::string relkind(PgConnection& connection, const std::string& name)
    {
        auto rows = connection.exec("SELECT c.relkind::text AS kind FROM pg_class c "
                                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    "WHERE n.nspname = 'public' AND c.relname = $1",
                                    SqlParams().add(name));
        return rows.rows() == 0 ? std::string() : rows.text(0, "kind");
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MigratorTest);
} // namespace akashi::storage
