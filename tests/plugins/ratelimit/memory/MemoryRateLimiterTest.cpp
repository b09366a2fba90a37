#include "plugins/PluginInstance.h"

#include <akashi/ratelimit/RateLimiter.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>

namespace akashi::plugins::ratelimit::memory
{
using akashi::plugin::StatusCode;
using akashi::ratelimit::RateLimiter;
using akashi::ratelimit::RateLimitRule;

/// ratelimit-memory.so through its descriptor. Rules with rate 0 never refill, so every decision is exact
/// whatever the test's speed; refill arithmetic is covered by TokenBucketTest with injected times.
class MemoryRateLimiterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MemoryRateLimiterTest);
    CPPUNIT_TEST(testBurstThenRefusal);
    CPPUNIT_TEST(testRefusalWithRefillHasBoundedRetryAfter);
    CPPUNIT_TEST(testKeysAreIndependent);
    CPPUNIT_TEST(testInvalidRuleIsRejected);
    CPPUNIT_TEST(testBadConfigFailsCreate);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<RateLimiter>;

    static std::int64_t unixSeconds()
    {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

public:
    void testBurstThenRefusal()
    {
        Instance limiter("ratelimit", "memory");
        const RateLimitRule rule{0.0, 3};
        for (std::uint64_t expectedRemaining : {2u, 1u, 0u})
        {
            const std::int64_t before = unixSeconds();
            const auto decision = limiter->acquire("org:1:agent:a", rule);
            const std::int64_t after = unixSeconds();
            CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.isOk());
            CPPUNIT_ASSERT(decision.allowed);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), decision.limit);
            CPPUNIT_ASSERT_EQUAL(expectedRemaining, decision.remaining);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), decision.retryAfterMs);
            // Rate 0: the bucket never refills, so "full again" is reported as now.
            CPPUNIT_ASSERT(decision.resetUnixSeconds >= before && decision.resetUnixSeconds <= after);
        }
        for (int i = 0; i < 2; ++i)
        {
            const auto refused = limiter->acquire("org:1:agent:a", rule);
            CPPUNIT_ASSERT(refused.status.isOk());
            CPPUNIT_ASSERT(!refused.allowed);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), refused.limit);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), refused.remaining);
            // No refill ever: the limiter says "a day".
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(24 * 3600 * 1000), refused.retryAfterMs);
        }
    }

    void testRefusalWithRefillHasBoundedRetryAfter()
    {
        Instance limiter("ratelimit", "memory");
        // One permit per 1000 s: after the burst of 1 the next permit is at most 1,000,000 ms away.
        const RateLimitRule rule{0.001, 1};
        CPPUNIT_ASSERT(limiter->acquire("ip:10.0.0.1", rule).allowed);
        const auto refused = limiter->acquire("ip:10.0.0.1", rule);
        CPPUNIT_ASSERT(refused.status.isOk());
        CPPUNIT_ASSERT(!refused.allowed);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), refused.remaining);
        CPPUNIT_ASSERT(refused.retryAfterMs > 0);
        CPPUNIT_ASSERT(refused.retryAfterMs <= 1000000);
    }

    void testKeysAreIndependent()
    {
        Instance limiter("ratelimit", "memory");
        const RateLimitRule rule{0.0, 1};
        CPPUNIT_ASSERT(limiter->acquire("key-a", rule).allowed);
        CPPUNIT_ASSERT(!limiter->acquire("key-a", rule).allowed);
        const auto other = limiter->acquire("key-b", rule);
        CPPUNIT_ASSERT(other.allowed);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), other.remaining);
    }

    void testInvalidRuleIsRejected()
    {
        const double inf = std::numeric_limits<double>::infinity();
        const RateLimitRule rules[] = {
            {1.0, 0}, {-1.0, 5}, {std::nan(""), 5}, {inf, 5}, {-inf, 5},
        };
        Instance limiter("ratelimit", "memory");
        for (const auto& rule : rules)
        {
            const auto decision = limiter->acquire("key", rule);
            CPPUNIT_ASSERT(decision.status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL(std::string("rule needs burst >= 1 and a finite rate >= 0"), decision.status.message);
        }
    }

    void testBadConfigFailsCreate()
    {
        const Instance::ConfigErrorCase cases[] = {
            {"idle_eviction_seconds", "0", "idle_eviction_seconds: 0 is not between 1 and 86400"},
            {"idle_eviction_seconds", "86401", "idle_eviction_seconds: 86401 is not between 1 and 86400"},
            {"idle_eviction_seconds", "ten", "idle_eviction_seconds: \"ten\" is not an integer"},
            {"idle_eviction", "60", "unknown configuration key \"idle_eviction\""},
        };
        Instance::assertCreateErrors("ratelimit", "memory", cases);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MemoryRateLimiterTest);
} // namespace akashi::plugins::ratelimit::memory
