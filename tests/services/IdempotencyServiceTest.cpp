#include "services/IdempotencyService.h"
#include "support/ExpectException.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

namespace akashi::services
{
/// The idempotency rules over the real idempotency_keys table.
class IdempotencyServiceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IdempotencyServiceTest);
    CPPUNIT_TEST(testFirstRequestClaimsThenReplays);
    CPPUNIT_TEST(testDifferentPayloadIsConflict);
    CPPUNIT_TEST(testInProgressIsConflict);
    CPPUNIT_TEST(testAbandonedKeyIsTakenOver);
    CPPUNIT_TEST(testReleaseLetsARetryRunAgain);
    CPPUNIT_TEST(testScopeIsOrgAgentEndpointKey);
    CPPUNIT_TEST(testRemoveExpired);
    CPPUNIT_TEST_SUITE_END();

    using Key = storage::IdempotencyRepository::Key;
    static constexpr const char* kOrg = "00000000-0000-0000-0000-000000000000";
    static constexpr const char* kOtherOrg = "11111111-1111-1111-1111-111111111111";

    static Key key(const std::string& value = "k-1", const std::string& agent = "planner",
                   const std::string& endpoint = "POST:/v1/trace", const std::string& org = kOrg)
    {
        return Key{org, agent, endpoint, value};
    }

    static std::string conflictMessage(IdempotencyService& service, const Key& k, const std::string& hash)
    {
        const auto e = test::expectException([&] { service.begin(k, hash); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::conflict);
        return e.message();
    }

    struct Fixture
    {
        explicit Fixture(const std::string& label, IdempotencyService::Settings settings = {})
            : db(label), repository(db.database()), service(repository, settings)
        {
        }
        std::int64_t rows()
        {
            return db.database().connection()->exec("SELECT count(*) AS n FROM idempotency_keys").int64(0, "n");
        }
        test::MigratedDatabase db;
        storage::IdempotencyRepository repository;
        IdempotencyService service;
    };

public:
    void testFirstRequestClaimsThenReplays()
    {
        Fixture f("idem_replay");
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-a"));
        f.service.complete(key(), 201, R"({"decision_id":"d-1"})");
        const auto replay = f.service.begin(key(), "hash-a");
        CPPUNIT_ASSERT(replay);
        CPPUNIT_ASSERT_EQUAL(201, replay->statusCode);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"decision_id": "d-1"})"), replay->dataJson); // jsonb's text form
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.rows());
    }

    void testDifferentPayloadIsConflict()
    {
        Fixture f("idem_payload");
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-a"));
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency key reused with different payload"),
                             conflictMessage(f.service, key(), "hash-b"));
        f.service.complete(key(), 201, "{}");
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency key reused with different payload"),
                             conflictMessage(f.service, key(), "hash-b"));
    }

    void testInProgressIsConflict()
    {
        Fixture f("idem_in_progress");
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-a"));
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency key request already in progress"),
                             conflictMessage(f.service, key(), "hash-a"));
    }

    void testAbandonedKeyIsTakenOver()
    {
        IdempotencyService::Settings settings;
        settings.inProgressTtl = std::chrono::milliseconds(1);
        Fixture f("idem_takeover", settings);
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-a"));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-b")); // the first request died: a retry owns the key now
        f.service.complete(key(), 200, "{}");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CPPUNIT_ASSERT(f.service.begin(key(), "hash-b")); // completed keys are never taken over
    }

    void testReleaseLetsARetryRunAgain()
    {
        Fixture f("idem_release");
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-a"));
        f.service.release(key());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.rows());
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-b"));
        f.service.complete(key(), 201, "{}");
        f.service.release(key()); // a completed key is kept
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.rows());
    }

    void testScopeIsOrgAgentEndpointKey()
    {
        Fixture f("idem_scope");
        CPPUNIT_ASSERT(!f.service.begin(key(), "hash-a"));
        CPPUNIT_ASSERT(!f.service.begin(key("k-2"), "hash-b"));
        CPPUNIT_ASSERT(!f.service.begin(key("k-1", "coder"), "hash-b"));
        CPPUNIT_ASSERT(!f.service.begin(key("k-1", "planner", "POST:/v1/runs"), "hash-b"));
        CPPUNIT_ASSERT(!f.service.begin(key("k-1", "planner", "POST:/v1/trace", kOtherOrg), "hash-b"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), f.rows());
    }

    void testRemoveExpired()
    {
        Fixture f("idem_cleanup");
        for (const char* k : {"old-done", "new-done", "old-running", "new-running"})
            CPPUNIT_ASSERT(!f.service.begin(key(k), "h"));
        f.service.complete(key("old-done"), 201, "{}");
        f.service.complete(key("new-done"), 201, "{}");
        auto connection = f.db.database().connection();
        connection->exec("UPDATE idempotency_keys SET updated_at = now() - interval '169 hours' "
                         "WHERE idempotency_key IN ('old-done', 'new-running')");
        connection->exec("UPDATE idempotency_keys SET updated_at = now() - interval '25 hours' "
                         "WHERE idempotency_key = 'old-running'");
        connection->exec("UPDATE idempotency_keys SET updated_at = now() - interval '100 hours' "
                         "WHERE idempotency_key = 'new-done'");
        // new-running is 169 h old but in progress: the abandoned TTL (24 h) applies, so it goes too.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), f.service.removeExpired());
        auto left = connection->exec("SELECT idempotency_key FROM idempotency_keys");
        CPPUNIT_ASSERT_EQUAL(1, left.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("new-done"), left.text(0, "idempotency_key"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(IdempotencyServiceTest);
} // namespace akashi::services
