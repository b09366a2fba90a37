#include "plugins/ratelimit/redis/GcraScript.h"

#include <Poco/Redis/Array.h>

#include <cppunit/extensions/HelperMacros.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace akashi::plugins::ratelimit::redis
{
/// The C++ half of the script, compiled into the test: the arguments sent and the reply decoded. The
/// Lua half runs against a real Redis in RedisRateLimiterTest.
class GcraScriptTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GcraScriptTest);
    CPPUNIT_TEST(testArgumentsAreWholeMicroseconds);
    CPPUNIT_TEST(testUnrunnableRulesAreRefused);
    CPPUNIT_TEST(testDecodeAllowedAndRefused);
    CPPUNIT_TEST(testDecodeRefusesOtherShapes);
    CPPUNIT_TEST(testSha1IsOfTheSource);
    CPPUNIT_TEST_SUITE_END();

    static Poco::Redis::Array reply(std::initializer_list<Poco::Int64> values)
    {
        Poco::Redis::Array array;
        for (Poco::Int64 value : values)
            array.add(value);
        return array;
    }

public:
    void testArgumentsAreWholeMicroseconds()
    {
        const struct
        {
            double rate;
            std::uint64_t burst;
            const char* interval;
        } cases[] = {
            {100.0, 200, "10000"}, {3.0, 5, "333333"}, {20.0 / 60.0, 20, "3000000"}, {1e7, 1, "1"}, {2e6, 1, "1"},
        };
        for (const auto& c : cases)
        {
            const auto arguments = GcraScript::arguments({c.rate, c.burst});
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), arguments.size());
            CPPUNIT_ASSERT_EQUAL(std::string(c.interval), arguments[0]);
            CPPUNIT_ASSERT_EQUAL(std::to_string(c.burst), arguments[1]);
        }
    }

    void testUnrunnableRulesAreRefused()
    {
        const double inf = std::numeric_limits<double>::infinity();
        for (const akashi::ratelimit::RateLimitRule rule :
             {akashi::ratelimit::RateLimitRule{1.0, 0}, {0.0, 1}, {-1.0, 1}, {inf, 1}, {std::nan(""), 1}})
            CPPUNIT_ASSERT_THROW(GcraScript::arguments(rule), std::invalid_argument);
        // A bucket that takes over ~31 years to fill would leave the script's exact integer range.
        CPPUNIT_ASSERT_THROW(GcraScript::arguments({1e-3, 1000001}), std::invalid_argument);
        CPPUNIT_ASSERT_NO_THROW(GcraScript::arguments({1e-3, 1000000}));
    }

    void testDecodeAllowedAndRefused()
    {
        const akashi::ratelimit::RateLimitRule rule{1.0, 5};
        const auto allowed = GcraScript::decode(reply({1, 4, 0, 1700000000000001}), rule);
        CPPUNIT_ASSERT(allowed.allowed);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(5), allowed.limit);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), allowed.remaining);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), allowed.retryAfterMs);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1700000001), allowed.resetUnixSeconds); // rounded up

        const auto refused = GcraScript::decode(reply({0, 0, 1500, 1700000000000000}), rule);
        CPPUNIT_ASSERT(!refused.allowed);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), refused.remaining);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), refused.retryAfterMs); // 1.5 ms rounds up
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1700000000), refused.resetUnixSeconds);
    }

    void testDecodeRefusesOtherShapes()
    {
        const akashi::ratelimit::RateLimitRule rule{1.0, 5};
        CPPUNIT_ASSERT_THROW(GcraScript::decode(reply({1, 4, 0}), rule), std::runtime_error);
        CPPUNIT_ASSERT_THROW(GcraScript::decode(reply({2, 4, 0, 1}), rule), std::runtime_error);
        CPPUNIT_ASSERT_THROW(GcraScript::decode(reply({1, -1, 0, 1}), rule), std::runtime_error);
        Poco::Redis::Array strings;
        strings.add(std::string("1")).add(std::string("2")).add(std::string("3")).add(std::string("4"));
        CPPUNIT_ASSERT_THROW(GcraScript::decode(strings, rule), Poco::BadCastException);
    }

    void testSha1IsOfTheSource()
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(40), GcraScript::sha1().size());
        CPPUNIT_ASSERT(GcraScript::source().find("redis.call('TIME')") != std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(GcraScriptTest);
} // namespace akashi::plugins::ratelimit::redis
