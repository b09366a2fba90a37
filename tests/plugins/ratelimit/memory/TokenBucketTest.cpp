#include "plugins/ratelimit/memory/TokenBucket.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>

namespace akashi::plugins::ratelimit::memory
{
using namespace std::chrono_literals;

/// TokenBucket compiled into the test, driven by injected time points: no sleeps, no clock reads.
class TokenBucketTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TokenBucketTest);
    CPPUNIT_TEST(testStartsFull);
    CPPUNIT_TEST(testTakesUntilEmpty);
    CPPUNIT_TEST(testRefillsWithElapsedTime);
    CPPUNIT_TEST(testRefillIsCappedAtBurst);
    CPPUNIT_TEST(testTimeGoingBackwardsDoesNotRefill);
    CPPUNIT_TEST(testUntilOne);
    CPPUNIT_TEST(testUntilFull);
    CPPUNIT_TEST_SUITE_END();

    using Clock = TokenBucket::Clock;
    const Clock::time_point _t0 = Clock::time_point(1000s);

public:
    void testStartsFull()
    {
        const TokenBucket bucket(5.0, _t0);
        CPPUNIT_ASSERT_EQUAL(5.0, bucket.tokens());
        CPPUNIT_ASSERT(bucket.lastUsed() == _t0);
    }

    void testTakesUntilEmpty()
    {
        TokenBucket bucket(3.0, _t0);
        for (double left : {2.0, 1.0, 0.0})
        {
            CPPUNIT_ASSERT(bucket.take(1.0, 3.0, _t0));
            CPPUNIT_ASSERT_EQUAL(left, bucket.tokens());
        }
        CPPUNIT_ASSERT(!bucket.take(1.0, 3.0, _t0));
        CPPUNIT_ASSERT_EQUAL(0.0, bucket.tokens());
    }

    void testRefillsWithElapsedTime()
    {
        // rate 2/s: each 500 ms adds exactly one token (binary-exact arithmetic).
        const struct
        {
            Clock::duration elapsed;
            bool allowed;
            double tokensAfter;
        } cases[] = {
            {250ms, false, 0.5},
            {250ms, true, 0.0},
            {1500ms, true, 2.0},
        };
        TokenBucket bucket(1.0, _t0);
        CPPUNIT_ASSERT(bucket.take(2.0, 3.0, _t0));
        Clock::time_point now = _t0;
        for (const auto& c : cases)
        {
            now += c.elapsed;
            CPPUNIT_ASSERT_EQUAL(c.allowed, bucket.take(2.0, 3.0, now));
            CPPUNIT_ASSERT_EQUAL(c.tokensAfter, bucket.tokens());
            CPPUNIT_ASSERT(bucket.lastUsed() == now);
        }
    }

    void testRefillIsCappedAtBurst()
    {
        TokenBucket bucket(4.0, _t0);
        CPPUNIT_ASSERT(bucket.take(10.0, 4.0, _t0));
        CPPUNIT_ASSERT(bucket.take(10.0, 4.0, _t0 + 1h));
        CPPUNIT_ASSERT_EQUAL(3.0, bucket.tokens());
    }

    void testTimeGoingBackwardsDoesNotRefill()
    {
        TokenBucket bucket(1.0, _t0);
        CPPUNIT_ASSERT(bucket.take(1.0, 1.0, _t0));
        CPPUNIT_ASSERT(!bucket.take(1.0, 1.0, _t0 - 10s));
        CPPUNIT_ASSERT(bucket.lastUsed() == _t0);
        // Refill resumes from the latest time seen, not from the earlier one.
        CPPUNIT_ASSERT(!bucket.take(1.0, 1.0, _t0 + 500ms));
        CPPUNIT_ASSERT(bucket.take(1.0, 1.0, _t0 + 1s));
    }

    void testUntilOne()
    {
        const struct
        {
            double burst;
            int taken;
            double rate;
            std::chrono::milliseconds expected;
        } cases[] = {
            {2.0, 1, 4.0, 0ms},      // a token left
            {1.0, 1, 4.0, 250ms},    // empty, 4 per second
            {1.0, 1, 0.5, 2000ms},   // empty, one per 2 s
            {1.0, 1, 3.0, 334ms},    // 333.33 ms rounds up
            {1.0, 1, 0.0, 24h},      // never refills
        };
        for (const auto& c : cases)
        {
            TokenBucket bucket(c.burst, _t0);
            for (int i = 0; i < c.taken; ++i)
                CPPUNIT_ASSERT(bucket.take(c.rate, c.burst, _t0));
            CPPUNIT_ASSERT_EQUAL(c.expected.count(), bucket.untilOne(c.rate).count());
        }
    }

    void testUntilFull()
    {
        const struct
        {
            double burst;
            int taken;
            double rate;
            std::chrono::milliseconds expected;
        } cases[] = {
            {2.0, 0, 4.0, 0ms},
            {2.0, 2, 4.0, 500ms},
            {10.0, 3, 2.0, 1500ms},
            {2.0, 2, 0.0, 0ms}, // rate 0: reported as now (never refills)
        };
        for (const auto& c : cases)
        {
            TokenBucket bucket(c.burst, _t0);
            for (int i = 0; i < c.taken; ++i)
                CPPUNIT_ASSERT(bucket.take(c.rate, c.burst, _t0));
            CPPUNIT_ASSERT_EQUAL(c.expected.count(), bucket.untilFull(c.rate, c.burst).count());
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(TokenBucketTest);
} // namespace akashi::plugins::ratelimit::memory
