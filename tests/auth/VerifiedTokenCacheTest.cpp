#include "auth/VerifiedTokenCache.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::auth
{
class VerifiedTokenCacheTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VerifiedTokenCacheTest);
    CPPUNIT_TEST(testHitUntilExpiry);
    CPPUNIT_TEST(testOnlyTheSameTokenHits);
    CPPUNIT_TEST(testFullCacheDropsExpiredThenEverything);
    CPPUNIT_TEST_SUITE_END();

    using Clock = std::chrono::system_clock;
    const Clock::time_point _now = Clock::now();

    TokenClaims claims(const std::string& agentId, std::chrono::seconds lifetime) const
    {
        TokenClaims c;
        c.subject = "0f8fad5b-d9cb-469f-a165-70867728950e";
        c.agentId = agentId;
        c.orgId = "00000000-0000-0000-0000-000000000000";
        c.role = "agent";
        c.issuedAt = _now;
        c.expiresAt = _now + lifetime;
        return c;
    }

public:
    void testHitUntilExpiry()
    {
        VerifiedTokenCache cache(10);
        CPPUNIT_ASSERT(!cache.find("token-a", _now));
        cache.remember("token-a", claims("alice", std::chrono::seconds(60)), _now);
        const auto hit = cache.find("token-a", _now + std::chrono::seconds(59));
        CPPUNIT_ASSERT(hit);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), hit->agentId);
        CPPUNIT_ASSERT(!cache.find("token-a", _now + std::chrono::seconds(60))); // expired: dropped
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, cache.size());
    }

    void testOnlyTheSameTokenHits()
    {
        VerifiedTokenCache cache(10);
        cache.remember("token-a", claims("alice", std::chrono::seconds(60)), _now);
        CPPUNIT_ASSERT(!cache.find("token-a ", _now));
        CPPUNIT_ASSERT(!cache.find("token-b", _now));
        CPPUNIT_ASSERT(!cache.find("", _now));
    }

    void testFullCacheDropsExpiredThenEverything()
    {
        VerifiedTokenCache cache(2);
        cache.remember("short", claims("a", std::chrono::seconds(1)), _now);
        cache.remember("long", claims("b", std::chrono::seconds(60)), _now);
        cache.remember("new", claims("c", std::chrono::seconds(60)), _now + std::chrono::seconds(5));
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, cache.size()); // the expired one made room
        CPPUNIT_ASSERT(cache.find("long", _now + std::chrono::seconds(5)));
        cache.remember("newer", claims("d", std::chrono::seconds(60)), _now + std::chrono::seconds(5));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, cache.size()); // nothing expired: start over
        CPPUNIT_ASSERT(cache.find("newer", _now + std::chrono::seconds(5)));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(VerifiedTokenCacheTest);
} // namespace akashi::auth
