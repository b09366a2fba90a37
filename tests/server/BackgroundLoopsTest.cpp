#include "storage/PgConnection.h"
#include "support/ServerProcess.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <functional>
#include <thread>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// The server's maintenance loops run on their configured interval against the real database:
/// expired idempotency keys are deleted, outbox entries that gave up are archived once old enough.
class BackgroundLoopsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BackgroundLoopsTest);
    CPPUNIT_TEST(testIdempotencyCleanupRemovesExpiredKeys);
    CPPUNIT_TEST(testDeadLetterArchiveMovesOldDeadEntries);
    CPPUNIT_TEST(testArchiveIntervalMustBePositive);
    CPPUNIT_TEST_SUITE_END();

    static bool eventually(const std::function<bool()>& condition)
    {
        for (int i = 0; i < 200; ++i)
        {
            if (condition())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return condition();
    }

    static std::int64_t count(storage::PgConnection& sql, const std::string& query)
    {
        return sql.exec(query).int64(0, "n");
    }

public:
    void testIdempotencyCleanupRemovesExpiredKeys()
    {
        TestDatabase db("loops_idempotency");
        ServerProcess server(Env{{"DATABASE_URL", db.url()},
                                 {"AKASHI_IDEMPOTENCY_CLEANUP_INTERVAL", "200ms"},
                                 {"AKASHI_IDEMPOTENCY_COMPLETED_TTL", "1h"},
                                 {"AKASHI_IDEMPOTENCY_ABANDONED_TTL", "2h"}});
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
        storage::PgConnection sql(db.settings());
        // Inserted after the first pass (at start): only a later pass, on the interval, can remove them.
        sql.exec("INSERT INTO idempotency_keys (org_id, agent_id, endpoint, idempotency_key, request_hash, status, "
                 "status_code, updated_at) VALUES "
                 "('00000000-0000-0000-0000-000000000000', 'a', 'POST:/v1/trace', 'done-old', 'h', 'completed', 201, "
                 " now() - interval '90 minutes'), "
                 "('00000000-0000-0000-0000-000000000000', 'a', 'POST:/v1/trace', 'done-new', 'h', 'completed', 201, "
                 " now() - interval '30 minutes'), "
                 "('00000000-0000-0000-0000-000000000000', 'a', 'POST:/v1/trace', 'stuck-old', 'h', 'in_progress', NULL, "
                 " now() - interval '3 hours'), "
                 "('00000000-0000-0000-0000-000000000000', 'a', 'POST:/v1/trace', 'stuck-new', 'h', 'in_progress', NULL, "
                 " now() - interval '90 minutes')");
        CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), eventually([&] {
            return count(sql, "SELECT count(*) AS n FROM idempotency_keys") == 2;
        }));
        auto left = sql.exec("SELECT idempotency_key FROM idempotency_keys ORDER BY idempotency_key");
        CPPUNIT_ASSERT_EQUAL(std::string("done-new"), left.text(0, "idempotency_key"));
        CPPUNIT_ASSERT_EQUAL(std::string("stuck-new"), left.text(1, "idempotency_key"));
        CPPUNIT_ASSERT(server.waitForLog("idempotency keys cleaned up"));
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
    }

    void testDeadLetterArchiveMovesOldDeadEntries()
    {
        TestDatabase db("loops_archive");
        ServerProcess server(Env{{"DATABASE_URL", db.url()},
                                 {"AKASHI_OUTBOX_POLL_INTERVAL", "1h"},
                                 {"AKASHI_OUTBOX_DEAD_LETTER_ARCHIVE_INTERVAL", "200ms"},
                                 {"AKASHI_OUTBOX_DEAD_LETTER_ARCHIVE_AGE", "1h"}});
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
        storage::PgConnection sql(db.settings());
        // The entry still retrying is leased (locked_until), so the outbox worker leaves it alone too.
        sql.exec("INSERT INTO search_outbox (decision_id, org_id, operation, attempts, last_error, created_at, "
                 "locked_until) VALUES "
                 "(gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'upsert', 10, 'gave up', "
                 " now() - interval '2 hours', NULL), "
                 "(gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'upsert', 10, 'gave up recently', "
                 " now() - interval '10 minutes', NULL), "
                 "(gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'upsert', 3, 'still retrying', "
                 " now() - interval '2 hours', now() + interval '1 hour')");
        CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), eventually([&] {
            return count(sql, "SELECT count(*) AS n FROM search_outbox_dead_letters") == 1;
        }));
        CPPUNIT_ASSERT_EQUAL(std::string("gave up"),
                             sql.exec("SELECT last_error FROM search_outbox_dead_letters").text(0, "last_error"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), count(sql, "SELECT count(*) AS n FROM search_outbox"));
        auto archived = server.waitForLog("search outbox: archived dead letters");
        CPPUNIT_ASSERT(archived);
        CPPUNIT_ASSERT_EQUAL(1, archived->getValue<int>("archived"));
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
    }

    void testArchiveIntervalMustBePositive()
    {
        TestDatabase db("loops_archive_zero");
        ServerProcess server(Env{{"DATABASE_URL", db.url()}, {"AKASHI_OUTBOX_DEAD_LETTER_ARCHIVE_INTERVAL", "0"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server.stderrText(), 78, server.waitForExit());
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(),
                               server.stderrText().find("the search outbox archive interval "
                                                        "(akashi.search.dead_letter_archive_interval) must be greater "
                                                        "than 0") != std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(BackgroundLoopsTest);
} // namespace akashi::test
