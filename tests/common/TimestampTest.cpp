#include "common/Exception.h"
#include "common/Timestamp.h"
#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi
{
class TimestampTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TimestampTest);
    CPPUNIT_TEST(testPostgresText);
    CPPUNIT_TEST(testRfc3339Input);
    CPPUNIT_TEST(testMalformedRfc3339);
    CPPUNIT_TEST(testFormatting);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPostgresText()
    {
        const std::pair<const char*, const char*> cases[] = {
            {"2026-12-01 16:27:50.123456+00", "2026-12-01T16:27:50.123456Z"},
            {"2026-12-01 16:27:50+00", "2026-12-01T16:27:50Z"},
            {"2026-12-01 18:27:50.5+02", "2026-12-01T16:27:50.5Z"},
            {"2026-12-01 21:57:50+05:30", "2026-12-01T16:27:50Z"},
            {"2026-01-01 00:30:00-01", "2026-01-01T01:30:00Z"},
            {"2025-12-31 23:30:00-01", "2026-01-01T00:30:00Z"},
        };
        for (const auto& [input, expected] : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(input, std::string(expected), Timestamp::postgresToRfc3339(input));
        auto e = test::expectException([] { Timestamp::fromPostgres("yesterday"); });
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected timestamp from PostgreSQL: yesterday"), e.message());
    }

    void testRfc3339Input()
    {
        const std::pair<const char*, const char*> cases[] = {
            {"2026-12-01T16:27:50Z", "2026-12-01T16:27:50Z"},
            {"2026-12-01T16:27:50.000001Z", "2026-12-01T16:27:50.000001Z"},
            {"2026-12-01T16:27:50.1234567891Z", "2026-12-01T16:27:50.123456Z"},
            {"2026-12-01T17:27:50+01:00", "2026-12-01T16:27:50Z"},
            {"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
        };
        for (const auto& [input, expected] : cases)
        {
            auto parsed = Timestamp::parseRfc3339(input);
            CPPUNIT_ASSERT_MESSAGE(input, parsed.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(input, std::string(expected), Timestamp::toRfc3339(*parsed));
        }
    }

    void testMalformedRfc3339()
    {
        for (const char* text : {"", "2026-12-01", "2026-12-01T16:27:50", "2026-12-01 16:27:50Z", "2026-13-01T00:00:00Z",
                                 "2023-02-29T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T16:27:50+01",
                                 "2026-12-01T16:27:50.Z", "2026-12-01T16:27:50Zjunk", "tomorrow"})
            CPPUNIT_ASSERT_MESSAGE(text, !Timestamp::parseRfc3339(text).has_value());
    }

    void testFormatting()
    {
        const Timestamp::TimePoint epoch{};
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01T00:00:00Z"), Timestamp::toRfc3339(epoch));
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01T00:00:00.25Z"),
                             Timestamp::toRfc3339(epoch + std::chrono::microseconds(250000)));
        const auto now = Timestamp::now();
        CPPUNIT_ASSERT(Timestamp::parseRfc3339(Timestamp::toRfc3339(now)) == now);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(TimestampTest);
} // namespace akashi
