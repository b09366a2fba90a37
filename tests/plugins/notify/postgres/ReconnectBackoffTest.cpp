#include "plugins/notify/postgres/ReconnectBackoff.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace akashi::plugins::notify::postgres
{
/// The reconnect waits, with the randomness injected: nominal doubling, the cap, the steady state and the
/// jitter's bounds.
class ReconnectBackoffTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReconnectBackoffTest);
    CPPUNIT_TEST(testDefaultPolicyDoublesFiveTimesThenWaitsTheMaximum);
    CPPUNIT_TEST(testDoublingStopsAtTheMaximum);
    CPPUNIT_TEST(testNoFastAttempts);
    CPPUNIT_TEST(testHugeAttemptNumbersDoNotOverflow);
    CPPUNIT_TEST(testJitterShortensByAtMostAFifth);
    CPPUNIT_TEST_SUITE_END();

    static std::vector<std::int64_t> nominal(const ReconnectBackoff& backoff, int attempts)
    {
        std::vector<std::int64_t> out;
        for (int attempt = 1; attempt <= attempts; ++attempt)
            out.push_back(backoff.nominalDelay(attempt).count());
        return out;
    }

public:
    void testDefaultPolicyDoublesFiveTimesThenWaitsTheMaximum()
    {
        const ReconnectBackoff backoff(500, 5, 30000);
        CPPUNIT_ASSERT(std::vector<std::int64_t>({500, 1000, 2000, 4000, 8000, 30000, 30000, 30000}) ==
                       nominal(backoff, 8));
    }

    void testDoublingStopsAtTheMaximum()
    {
        const ReconnectBackoff backoff(500, 5, 3000);
        CPPUNIT_ASSERT(std::vector<std::int64_t>({500, 1000, 2000, 3000, 3000, 3000}) == nominal(backoff, 6));
    }

    void testNoFastAttempts()
    {
        const ReconnectBackoff backoff(500, 0, 7000);
        CPPUNIT_ASSERT(std::vector<std::int64_t>({7000, 7000}) == nominal(backoff, 2));
    }

    void testHugeAttemptNumbersDoNotOverflow()
    {
        const ReconnectBackoff backoff(1, 100, 86400000);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(86400000), backoff.nominalDelay(100).count());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(86400000), backoff.nominalDelay(INT64_MAX).count());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), backoff.nominalDelay(1).count());
    }

    void testJitterShortensByAtMostAFifth()
    {
        const ReconnectBackoff backoff(500, 5, 30000);
        const struct
        {
            std::int64_t attempt;
            double unit;
            std::int64_t expected;
        } cases[] = {
            {1, 0.0, 500},   {1, 0.5, 450},     {1, 0.9999, 401},   {3, 1.0, 1600},
            {6, 0.25, 28500}, {6, -1.0, 30000}, {6, 2.0, 24000},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE("attempt " + std::to_string(c.attempt) + " unit " + std::to_string(c.unit),
                                         c.expected, backoff.delay(c.attempt, c.unit).count());
        // Never 0, even for the smallest base.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), ReconnectBackoff(1, 5, 10).delay(1, 0.99).count());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ReconnectBackoffTest);
} // namespace akashi::plugins::notify::postgres
