#include "common/Exception.h"
#include "storage/Database.h"
#include "storage/EventPartitions.h"
#include "storage/Migrator.h"
#include "storage/PartitionMaintainer.h"
#include "support/ExpectException.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

namespace akashi::storage
{
class EventPartitionsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EventPartitionsTest);
    CPPUNIT_TEST(testCreatesDailyPartitionsAroundNow);
    CPPUNIT_TEST(testEnsureIsIdempotent);
    CPPUNIT_TEST(testEventOutsideEveryPartitionLandsInDefault);
    CPPUNIT_TEST(testDefaultRowsMoveIntoTheirNewPartition);
    CPPUNIT_TEST(testNegativeRangeIsRefused);
    CPPUNIT_TEST(testMaintainerKeepsPartitionsAheadOfItsClock);
    CPPUNIT_TEST(testMaintainerKeepsGoingAfterFailures);
    CPPUNIT_TEST(testMaintainerStopsPromptly);
    CPPUNIT_TEST_SUITE_END();

    using TimePoint = std::chrono::system_clock::time_point;

public:
    void testCreatesDailyPartitionsAroundNow()
    {
        test::TestDatabase db("partitions_create");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto c = database.connection();
        c->exec("SET TimeZone = 'America/New_York'"); // bounds are UTC whatever the session says
        CPPUNIT_ASSERT_EQUAL(5, EventPartitions::ensure(*c, at(2030, 3, 30, 23), 1, 3));
        const std::vector<std::string> expected{"agent_events_p20300329", "agent_events_p20300330",
                                                "agent_events_p20300331", "agent_events_p20300401",
                                                "agent_events_p20300402"};
        CPPUNIT_ASSERT(expected == dailyPartitions(*c));
        c->exec("SET TimeZone = 'UTC'");
        auto bound = c->exec("SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c "
                             "WHERE c.relname = 'agent_events_p20300331'");
        CPPUNIT_ASSERT_EQUAL(std::string("FOR VALUES FROM ('2030-03-31 00:00:00+00') TO ('2030-04-01 00:00:00+00')"),
                             bound.text(0, "bound"));
        // The parent's keys were built on the new partition by ATTACH.
        auto indexes = c->exec("SELECT count(*) AS n FROM pg_indexes WHERE tablename = 'agent_events_p20300331'");
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, indexes.int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent_events_p20300331"), EventPartitions::partitionName(at(2030, 3, 31, 0)));
    }

    void testEnsureIsIdempotent()
    {
        test::TestDatabase db("partitions_idempotent");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto c = database.connection();
        CPPUNIT_ASSERT_EQUAL(8, EventPartitions::ensure(*c, at(2030, 1, 10, 12), 0, 7));
        CPPUNIT_ASSERT_EQUAL(0, EventPartitions::ensure(*c, at(2030, 1, 10, 12), 0, 7));
        // A day later only the new last day is missing.
        CPPUNIT_ASSERT_EQUAL(1, EventPartitions::ensure(*c, at(2030, 1, 11, 1), 1, 7));
        CPPUNIT_ASSERT_EQUAL(std::size_t{9}, dailyPartitions(*c).size());
        CPPUNIT_ASSERT(c->idle());
    }

    void testEventOutsideEveryPartitionLandsInDefault()
    {
        test::TestDatabase db("partitions_default");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto c = database.connection();
        EventPartitions::ensure(*c, at(2030, 6, 1, 12), 1, 7);
        insertEvent(*c, "1999-12-31 23:59:59+00");
        insertEvent(*c, "2030-06-02 08:00:00+00");
        auto rows = c->exec("SELECT tableoid::regclass::text AS part FROM agent_events ORDER BY occurred_at");
        CPPUNIT_ASSERT_EQUAL(std::string("agent_events_default"), rows.text(0, "part"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent_events_p20300602"), rows.text(1, "part"));
    }

    void testDefaultRowsMoveIntoTheirNewPartition()
    {
        test::TestDatabase db("partitions_move");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto c = database.connection();
        // Events of 2030-05-10 (first and last microsecond) and of the day after, before any partition.
        insertEvent(*c, "2030-05-10 00:00:00+00");
        insertEvent(*c, "2030-05-10 12:30:00.123456+00");
        insertEvent(*c, "2030-05-10 23:59:59.999999+00");
        insertEvent(*c, "2030-05-11 00:00:00+00");
        CPPUNIT_ASSERT_EQUAL(1, EventPartitions::ensure(*c, at(2030, 5, 10, 9), 0, 0));
        auto rows = c->exec("SELECT tableoid::regclass::text AS part, count(*) AS n FROM agent_events "
                            "GROUP BY 1 ORDER BY 1");
        CPPUNIT_ASSERT_EQUAL(2, rows.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("agent_events_default"), rows.text(0, "part"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, rows.int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent_events_p20300510"), rows.text(1, "part"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, rows.int64(1, "n"));
        // Moved rows keep every column (microseconds included).
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1},
                             c->exec("SELECT count(*) AS n FROM agent_events_p20300510 "
                                     "WHERE occurred_at = '2030-05-10 12:30:00.123456+00' AND payload = '{\"k\": 1}'")
                                 .int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(1, EventPartitions::ensure(*c, at(2030, 5, 11, 9), 0, 0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, c->exec("SELECT count(*) AS n FROM agent_events_default").int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{4}, c->exec("SELECT count(*) AS n FROM agent_events").int64(0, "n"));
    }

    void testNegativeRangeIsRefused()
    {
        test::TestDatabase db("partitions_negative");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto e = test::expectException([&] { EventPartitions::ensure(*database.connection(), at(2030, 1, 1, 0), -1, 7); });
        CPPUNIT_ASSERT_EQUAL(std::string("event partition range must not be negative"), e.message());
    }

    void testMaintainerKeepsPartitionsAheadOfItsClock()
    {
        test::TestDatabase db("partitions_maintainer");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        std::atomic<int> calls{0};
        // Every pass sees the next day.
        auto clock = [&calls] { return at(2030, 2, 1, 12) + std::chrono::hours(24) * calls++; };
        {
            PartitionMaintainer maintainer(database, {std::chrono::milliseconds(20), 2, 0}, clock);
            waitFor([&] { return maintainer.passes() >= 3; });
        }
        const int passes = calls.load();
        auto c = database.connection();
        CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(passes + 2), dailyPartitions(*c).size());
        CPPUNIT_ASSERT_EQUAL(std::string("agent_events_p20300201"), dailyPartitions(*c).front());
    }

    void testMaintainerKeepsGoingAfterFailures()
    {
        test::TestDatabase db("partitions_failing");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5)); // no schema: every pass fails
        PartitionMaintainer maintainer(database, {std::chrono::milliseconds(10), 7, 1});
        waitFor([&] { return maintainer.failures() >= 3; });
        maintainer.stop();
        CPPUNIT_ASSERT_EQUAL(maintainer.passes(), maintainer.failures());
        CPPUNIT_ASSERT(database.ping()); // its connections went back clean
    }

    void testMaintainerStopsPromptly()
    {
        test::TestDatabase db("partitions_stop");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        const auto start = std::chrono::steady_clock::now();
        {
            PartitionMaintainer maintainer(database, {std::chrono::hours(1), 7, 1});
            waitFor([&] { return maintainer.passes() >= 1; });
        } // destroyed while waiting out an hour
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
        auto e = test::expectException(
            [&] { PartitionMaintainer never(database, {std::chrono::milliseconds(0), 7, 1}); });
        CPPUNIT_ASSERT_EQUAL(std::string("the event partition check interval must be greater than 0"), e.message());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
    }

private:
    static TimePoint at(int year, unsigned month, unsigned day, int hour)
    {
        const std::chrono::sys_days date = std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day};
        return date + std::chrono::hours(hour);
    }

    static std::vector<std::string> dailyPartitions(PgConnection& c)
    {
        auto rows = c.exec("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                           "WHERE i.inhparent = 'agent_events'::regclass AND c.relname <> 'agent_events_default' "
                           "ORDER BY 1");
        std::vector<std::string> names;
        for (int row = 0; row < rows.rows(); ++row)
            names.push_back(rows.text(row, "name"));
        return names;
    }

    static void insertEvent(PgConnection& c, const std::string& occurredAt)
    {
        c.exec("INSERT INTO agent_events (run_id, org_id, event_type, sequence_num, occurred_at, agent_id, payload) "
               "VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'ToolCallStarted', "
               "nextval('event_sequence_num_seq'), $1::timestamptz, 'planner', '{\"k\": 1}')",
               SqlParams().add(occurredAt));
    }

    template <typename Condition>
    static void waitFor(Condition condition)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!condition())
        {
            CPPUNIT_ASSERT_MESSAGE("condition not met within 20 s", std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(EventPartitionsTest);
} // namespace akashi::storage
