#include "config/Duration.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::config
{
class DurationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DurationTest);
    CPPUNIT_TEST(testValidDurations);
    CPPUNIT_TEST(testInvalidDurations);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidDurations()
    {
        const std::pair<const char*, std::int64_t> cases[] = {
            {"0", 0},          {"100ms", 100},    {"30s", 30000},   {"5m", 300000}, {"24h", 86400000},
            {"1h30m", 5400000}, {"1.5s", 1500},   {"1us", 1},       {"1\xC2\xB5s", 1}, {"250000ns", 1},
            {"2m0.5s", 120500}, {"0s", 0},
        };
        for (const auto& [text, millis] : cases)
        {
            auto parsed = parseDuration(text);
            CPPUNIT_ASSERT_MESSAGE(text, parsed.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, millis, static_cast<std::int64_t>(parsed->count()));
        }
    }

    void testInvalidDurations()
    {
        for (const char* text : {"", "10", "-5s", "10 seconds", "5d", "s", "1.2.3s", ".s", "1e3s", "99999999999999h"})
            CPPUNIT_ASSERT_MESSAGE(text, !parseDuration(text).has_value());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(DurationTest);
} // namespace akashi::config
