#include "common/Exception.h"
#include "storage/Database.h"
#include "storage/DatabaseError.h"
#include "support/ExpectException.h"
#include "support/TempDirectory.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <future>
#include <optional>
#include <thread>

namespace akashi::storage
{
class DatabaseTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DatabaseTest);
    CPPUNIT_TEST(testPingAndQuery);
    CPPUNIT_TEST(testParametersAndTypedReads);
    CPPUNIT_TEST(testStatementErrorCarriesSqlState);
    CPPUNIT_TEST(testTransactionCommitsAndRollsBack);
    CPPUNIT_TEST(testTransactionRetriesSerializationFailure);
    CPPUNIT_TEST(testTransactionGivesUpAfterAttempts);
    CPPUNIT_TEST(testConnectionLeftInTransactionIsDiscarded);
    CPPUNIT_TEST(testExhaustedPoolWaitsThenFails);
    CPPUNIT_TEST(testConnectionReturnedWhileWaitingIsHandedOver);
    CPPUNIT_TEST(testTerminatedConnectionIsReplaced);
    CPPUNIT_TEST(testUnreachableTargetFailsWithMaskedTarget);
    CPPUNIT_TEST(testPoolSizeDefaults);
    CPPUNIT_TEST(testCancelStatementsOfAThread);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPingAndQuery()
    {
        test::TestDatabase db("storage_ping");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(2));
        CPPUNIT_ASSERT(database.ping());
        CPPUNIT_ASSERT(database.serverVersion().rfind("15", 0) == 0);
        auto connection = database.connection();
        CPPUNIT_ASSERT_EQUAL(db.name(), connection->exec("SELECT current_database() AS name").text(0, "name"));
    }

    void testParametersAndTypedReads()
    {
        test::TestDatabase db("storage_params");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(2));
        auto connection = database.connection();
        SqlParams params;
        params.add("it's \"quoted\"").add(std::int64_t{42}).add(0.25).add(true).addNull().addTextArray({"a b", "c\"d", "e\\f"});
        auto result = connection->exec("SELECT $1::text AS t, $2::bigint AS i, $3::float8 AS r, $4::bool AS b, "
                                       "$5::text AS n, $6::text[] AS arr, now() AS ts",
                                       params);
        CPPUNIT_ASSERT_EQUAL(1, result.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("it's \"quoted\""), result.text(0, "t"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{42}, result.int64(0, "i"));
        CPPUNIT_ASSERT_EQUAL(0.25, result.real(0, "r"));
        CPPUNIT_ASSERT(result.boolean(0, "b"));
        CPPUNIT_ASSERT(result.isNull(0, "n"));
        CPPUNIT_ASSERT(!result.optionalText(0, "n").has_value());
        const std::vector<std::string> expected{"a b", "c\"d", "e\\f"};
        CPPUNIT_ASSERT(expected == result.textArray(0, "arr"));
        // Microseconds survive (Poco Data dropped them; bi-temporal reads need them).
        CPPUNIT_ASSERT(result.text(0, "ts").find('.') != std::string::npos);
        auto e = test::expectException([&] { result.text(0, "missing"); });
        CPPUNIT_ASSERT_EQUAL(std::string("query result has no column \"missing\""), e.message());

        // A pair of arrays joins row by row through unnest.
        auto pairs = connection->exec("SELECT a, b FROM unnest($1::text[], $2::text[]) AS u(a, b) ORDER BY a",
                                      SqlParams().addTextArrayPair({{"x", "1"}, {"y,\"z", "2"}}));
        CPPUNIT_ASSERT_EQUAL(2, pairs.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("x"), pairs.text(0, "a"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), pairs.text(0, "b"));
        CPPUNIT_ASSERT_EQUAL(std::string("y,\"z"), pairs.text(1, "a"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), pairs.text(1, "b"));
    }

    void testStatementErrorCarriesSqlState()
    {
        test::TestDatabase db("storage_sqlstate");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(2));
        auto connection = database.connection();
        connection->exec("CREATE TABLE t (k text CONSTRAINT t_pkey PRIMARY KEY)");
        connection->exec("INSERT INTO t VALUES ($1)", SqlParams().add("x"));
        try
        {
            connection->exec("INSERT INTO t VALUES ($1)", SqlParams().add("x"));
            CPPUNIT_FAIL("duplicate key accepted");
        }
        catch (const DatabaseError& e)
        {
            CPPUNIT_ASSERT(e.isUniqueViolation());
            CPPUNIT_ASSERT_EQUAL(std::string("t_pkey"), e.constraint());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::internal);
            CPPUNIT_ASSERT(e.message().rfind("database error in \"INSERT INTO t VALUES ($1)\": ERROR:", 0) == 0);
        }
        CPPUNIT_ASSERT(connection->healthy());
    }

    void testTransactionCommitsAndRollsBack()
    {
        test::TestDatabase db("storage_tx");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(2));
        database.connection()->exec("CREATE TABLE t (k int)");
        database.transaction([](PgConnection& c) { c.exec("INSERT INTO t VALUES (1)"); });
        auto e = test::expectException([&] {
            database.transaction([](PgConnection& c) {
                c.exec("INSERT INTO t VALUES (2)");
                throw Exception(ErrorCode::invalidInput, "changed my mind");
            });
        });
        CPPUNIT_ASSERT_EQUAL(std::string("changed my mind"), e.message());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, database.connection()->exec("SELECT count(*) AS n FROM t").int64(0, "n"));
    }

    void testTransactionRetriesSerializationFailure()
    {
        test::TestDatabase db("storage_retry");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(2));
        database.connection()->exec("CREATE TABLE t (k int)");
        int attempts = 0;
        database.transaction([&](PgConnection& c) {
            ++attempts;
            c.exec("INSERT INTO t VALUES ($1)", SqlParams().add(attempts));
            if (attempts < 3) // PostgreSQL's own serialization_failure, raised inside the transaction
                c.exec("DO $$BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END$$");
        });
        CPPUNIT_ASSERT_EQUAL(3, attempts);
        // Only the successful attempt's row is committed.
        auto rows = database.connection()->exec("SELECT k FROM t");
        CPPUNIT_ASSERT_EQUAL(1, rows.rows());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, rows.int64(0, "k"));
    }

    void testTransactionGivesUpAfterAttempts()
    {
        test::TestDatabase db("storage_giveup");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(2));
        int attempts = 0;
        try
        {
            database.transaction([&](PgConnection& c) {
                ++attempts;
                c.exec("DO $$BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = 'deadlock_detected'; END$$");
            });
            CPPUNIT_FAIL("no error after repeated deadlocks");
        }
        catch (const DatabaseError& e)
        {
            CPPUNIT_ASSERT_EQUAL(std::string("40P01"), e.sqlState());
        }
        CPPUNIT_ASSERT_EQUAL(Database::kTransactionAttempts, attempts);
        CPPUNIT_ASSERT(database.ping()); // the connection went back clean
    }

    void testConnectionLeftInTransactionIsDiscarded()
    {
        test::TestDatabase db("storage_discard");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(2));
        std::string pid;
        {
            auto careless = database.connection();
            pid = careless->exec("SELECT pg_backend_pid()::text AS pid").text(0, "pid");
            careless->exec("BEGIN"); // returned mid-transaction: must not be handed out again
        }
        auto next = database.connection();
        CPPUNIT_ASSERT(next->idle());
        CPPUNIT_ASSERT(next->exec("SELECT pg_backend_pid()::text AS pid").text(0, "pid") != pid);
    }

    void testExhaustedPoolWaitsThenFails()
    {
        test::TestDatabase db("storage_exhaust");
        Database database(db.settings(), {1, 1}, std::chrono::milliseconds(300));
        auto held = database.connection();
        const auto start = std::chrono::steady_clock::now();
        auto e = test::expectException([&] { database.connection(); });
        CPPUNIT_ASSERT_EQUAL(std::string("no database session available within 300 ms"), e.message());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::databaseUnavailable);
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
        CPPUNIT_ASSERT(!database.ping()); // the only connection is still held
    }

    void testConnectionReturnedWhileWaitingIsHandedOver()
    {
        test::TestDatabase db("storage_handover");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        std::optional<ConnectionPool::Lease> held(database.connection());
        std::thread releaser([&held] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            held.reset();
        });
        auto second = database.connection();
        releaser.join();
        CPPUNIT_ASSERT(second->healthy());
    }

    void testTerminatedConnectionIsReplaced()
    {
        test::TestDatabase db("storage_terminate");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(2));
        {
            auto victim = database.connection();
            const auto pid = victim->exec("SELECT pg_backend_pid()::text AS pid").text(0, "pid");
            auto killer = database.connection();
            killer->exec("SELECT pg_terminate_backend($1::int)", SqlParams().add(pid));
        } // the killer goes back first, so the dead victim is the next connection handed out
        CPPUNIT_ASSERT(database.ping()); // fails on the victim, discards it, succeeds on the killer
        CPPUNIT_ASSERT(database.ping());
        auto e = test::expectException([&] {
            auto c = database.connection();
            c->exec("SELECT pg_terminate_backend(pg_backend_pid())");
        });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::databaseUnavailable);
        CPPUNIT_ASSERT(database.ping());
    }

    void testUnreachableTargetFailsWithMaskedTarget()
    {
        test::TempDirectory empty("akashi-nopg");
        auto settings = ConnectionSettings::parseUrl("postgres://u:topsecret@x:5999/d?host=" + empty.path());
        auto e = test::expectException([&] { Database database(settings, {1, 1}, std::chrono::seconds(1)); });
        CPPUNIT_ASSERT_EQUAL("cannot connect to PostgreSQL at postgres://u:***@/d?host=" + empty.path() + "&port=5999",
                             e.message());
        CPPUNIT_ASSERT(e.fullText().find("topsecret") == std::string::npos);
    }

    void testPoolSizeDefaults()
    {
        const auto automatic = Database::resolvePoolSize(0, 0);
        CPPUNIT_ASSERT(automatic.max >= 16);
        CPPUNIT_ASSERT(automatic.max >= 4 * static_cast<int>(std::thread::hardware_concurrency()));
        CPPUNIT_ASSERT_EQUAL(1, automatic.min);
        const auto explicitSize = Database::resolvePoolSize(20, 10);
        CPPUNIT_ASSERT_EQUAL(10, explicitSize.max);
        CPPUNIT_ASSERT_EQUAL(10, explicitSize.min);
    }

    void testCancelStatementsOfAThread()
    {
        test::TestDatabase db("storage_cancel");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(2));
        std::promise<std::thread::id> workerId;
        std::atomic<bool> done{false};
        std::string sqlState;
        std::thread worker([&] {
            workerId.set_value(std::this_thread::get_id());
            auto connection = database.connection();
            try
            {
                connection->exec("SELECT pg_sleep(60)");
            }
            catch (const DatabaseError& e)
            {
                sqlState = e.sqlState();
            }
            done = true;
        });
        const auto thread = workerId.get_future().get();
        // A cancel that arrives before the statement starts is a no-op: repeat until it lands.
        for (int i = 0; i < 200 && !done; ++i)
        {
            database.cancelStatementsOf(thread);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        worker.join();
        CPPUNIT_ASSERT_EQUAL(std::string("57014"), sqlState); // query_canceled
        CPPUNIT_ASSERT_EQUAL(0, database.cancelStatementsOf(thread)); // gave its connection back
        CPPUNIT_ASSERT_EQUAL(0, database.cancelStatementsOf(std::this_thread::get_id()));
        CPPUNIT_ASSERT(database.ping()); // the cancelled connection is still good
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(DatabaseTest);
} // namespace akashi::storage
