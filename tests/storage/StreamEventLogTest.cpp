#include "storage/SqlParams.h"
#include "storage/StreamEventLog.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::storage
{
/// stream_events (migration 0009) through StreamEventLog: numbering in row order, taking numbers back,
/// replay scoped by org, window and limit, catch-up, lookup by id and pruning.
class StreamEventLogTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StreamEventLogTest);
    CPPUNIT_TEST(testNumbersFollowRowOrderAcrossBatches);
    CPPUNIT_TEST(testUnnumberedRowsAreNumberedAgain);
    CPPUNIT_TEST(testReplayIsScopedByOrgWindowAndLimit);
    CPPUNIT_TEST(testSinceBySeqAndPrune);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kOrgA = "00000000-0000-0000-0000-00000000000a";
    static constexpr const char* kOrgB = "00000000-0000-0000-0000-00000000000b";

    static void insert(PgConnection& c, const std::string& org, const std::string& payload, const std::string& age = "0")
    {
        c.exec("INSERT INTO stream_events (org_id, channel, payload, created_at) "
               "VALUES ($1::uuid, 'akashi_decisions', $2, now() - make_interval(secs => $3::float8))",
               SqlParams().add(org).add(payload).add(age));
    }

    static std::vector<StreamEventRecord> number(Database& db, int limit)
    {
        std::vector<StreamEventRecord> batch;
        db.transaction([&](PgConnection& c) { batch = StreamEventLog::numberBatch(c, limit); });
        return batch;
    }

public:
    void testNumbersFollowRowOrderAcrossBatches()
    {
        test::MigratedDatabase db("stream_log_order");
        auto c = db.database().connection();
        CPPUNIT_ASSERT(!StreamEventLog::hasUnnumbered(*c));
        for (int i = 0; i < 50; ++i)
            insert(*c, kOrgA, "{\"n\":" + std::to_string(i) + "}");
        CPPUNIT_ASSERT(StreamEventLog::hasUnnumbered(*c));
        auto first = number(db.database(), 30);
        auto second = number(db.database(), 30);
        CPPUNIT_ASSERT_EQUAL(std::size_t(30), first.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), second.size());
        first.insert(first.end(), second.begin(), second.end());
        for (std::size_t i = 1; i < first.size(); ++i)
        {
            CPPUNIT_ASSERT(first[i].seq > first[i - 1].seq);
            CPPUNIT_ASSERT(first[i].id > first[i - 1].id); // ids in the order the rows were written
        }
        CPPUNIT_ASSERT_EQUAL(std::string("{\"n\":0}"), first.front().payload);
        CPPUNIT_ASSERT(!StreamEventLog::hasUnnumbered(*c));
        CPPUNIT_ASSERT_EQUAL(first.back().seq, StreamEventLog::lastSeq(*c));
    }

    void testUnnumberedRowsAreNumberedAgain()
    {
        test::MigratedDatabase db("stream_log_unnumber");
        auto c = db.database().connection();
        for (int i = 0; i < 3; ++i)
            insert(*c, kOrgA, "{\"n\":" + std::to_string(i) + "}");
        std::vector<StreamEventRecord> batch;
        db.database().transaction([&](PgConnection& tx) {
            batch = StreamEventLog::numberBatch(tx, 10);
            StreamEventLog::unnumber(tx, {batch[1].id, batch[2].id}); // published only the first
        });
        CPPUNIT_ASSERT(StreamEventLog::hasUnnumbered(*c));
        const auto again = number(db.database(), 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), again.size());
        CPPUNIT_ASSERT(again[0].seq > batch[0].seq);
        CPPUNIT_ASSERT_EQUAL(batch[1].id, again[0].id);
        CPPUNIT_ASSERT_EQUAL(batch[2].id, again[1].id);
    }

    void testReplayIsScopedByOrgWindowAndLimit()
    {
        test::MigratedDatabase db("stream_log_replay");
        auto c = db.database().connection();
        insert(*c, kOrgA, "{\"old\":true}", "7200"); // two hours ago
        insert(*c, kOrgA, "{\"a\":1}");
        insert(*c, kOrgB, "{\"b\":1}");
        insert(*c, kOrgA, "{\"a\":2}");
        const auto all = number(db.database(), 10);

        const auto window = std::chrono::seconds(3600);
        auto replayed = StreamEventLog::replay(*c, kOrgA, 0, window, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), replayed.size()); // not the other org's, not the old one
        CPPUNIT_ASSERT_EQUAL(std::string("{\"a\":1}"), replayed[0].payload);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"a\":2}"), replayed[1].payload);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), StreamEventLog::replay(*c, kOrgA, replayed[0].seq, window, 10).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), StreamEventLog::replay(*c, kOrgA, 0, window, 1).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), StreamEventLog::replay(*c, kOrgA, 0, std::chrono::seconds(86400), 10).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), all.size());
    }

    void testSinceBySeqAndPrune()
    {
        test::MigratedDatabase db("stream_log_since");
        auto c = db.database().connection();
        insert(*c, kOrgA, "{\"old\":true}", "7200");
        insert(*c, kOrgB, "{\"b\":1}");
        insert(*c, kOrgA, "{\"a\":1}");
        insert(*c, kOrgA, "{\"waiting\":true}");
        const auto numbered = number(db.database(), 3);
        // Every org, numbered rows only.
        const auto since = StreamEventLog::since(*c, numbered[0].seq, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), since.size());
        CPPUNIT_ASSERT_EQUAL(std::string(kOrgB), since[0].orgId);
        const auto found = StreamEventLog::bySeq(*c, numbered[2].seq);
        CPPUNIT_ASSERT(found);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"a\":1}"), found->payload);
        CPPUNIT_ASSERT(!StreamEventLog::bySeq(*c, numbered[2].seq + 1000));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), StreamEventLog::prune(*c, std::chrono::seconds(3600)));
        CPPUNIT_ASSERT(!StreamEventLog::bySeq(*c, numbered[0].seq));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StreamEventLogTest);
} // namespace akashi::storage
