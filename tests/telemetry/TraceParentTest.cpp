#include "telemetry/TraceIdGenerator.h"
#include "telemetry/TraceParent.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

namespace akashi::telemetry
{
class TraceParentTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TraceParentTest);
    CPPUNIT_TEST(testValidHeadersParse);
    CPPUNIT_TEST(testInvalidHeadersAreRefused);
    CPPUNIT_TEST(testFormatKeepsOnlyTheSampledFlag);
    CPPUNIT_TEST(testGeneratedIdsAreLowercaseHexNonZeroAndDistinct);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    static constexpr const char* kParent = "00f067aa0ba902b7";

public:
    void testValidHeadersParse()
    {
        struct Case
        {
            const char* header;
            std::uint8_t flags;
        };
        const Case cases[] = {
            {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0x01},
            {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", 0x00},
            {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09", 0x09}, // unknown flag bits are read
            {"  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t", 0x01},
            // a later version: the first four fields as version 00's, more after a '-'
            {"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0x01},
            {"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds", 0x01},
        };
        for (const auto& c : cases)
        {
            const auto parsed = TraceParent::parse(c.header);
            CPPUNIT_ASSERT_MESSAGE(c.header, parsed.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.header, std::string(kTrace), parsed->traceId);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.header, std::string(kParent), parsed->parentId);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.header, int(c.flags), int(parsed->flags));
        }
        CPPUNIT_ASSERT(TraceParent::parse(cases[0].header)->sampled());
        CPPUNIT_ASSERT(!TraceParent::parse(cases[1].header)->sampled());
    }

    void testInvalidHeadersAreRefused()
    {
        const char* cases[] = {
            "",
            "garbage",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",                 // no flags
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",        // version 00 is exactly 55
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",                // short flags
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",              // all-zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",              // all-zero parent id
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",              // uppercase
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",              // not hex
            "00-4bf92f3577b34da6a3ce929d0e0e473z-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",              // version ff is invalid
            "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",              // wrong separator
            "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
            "00-4bf92f3577b34da6a3ce929d0e0e47-3600f067aa0ba902b7-01",              // fields misplaced
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.more",         // later version, no '-'
        };
        for (const char* header : cases)
            CPPUNIT_ASSERT_MESSAGE(header, !TraceParent::parse(header).has_value());
    }

    void testFormatKeepsOnlyTheSampledFlag()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                             (TraceParent{kTrace, kParent, 0x09}.format()));
        CPPUNIT_ASSERT_EQUAL(std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"),
                             (TraceParent{kTrace, kParent, 0x02}.format()));
        const std::string header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        CPPUNIT_ASSERT_EQUAL(header, TraceParent::parse(header)->format());
    }

    void testGeneratedIdsAreLowercaseHexNonZeroAndDistinct()
    {
        std::set<std::string> traces;
        std::set<std::string> spans;
        for (int i = 0; i < 1000; ++i)
        {
            const std::string trace = TraceIdGenerator::traceId();
            const std::string span = TraceIdGenerator::spanId();
            CPPUNIT_ASSERT_EQUAL(std::size_t(32), trace.size());
            CPPUNIT_ASSERT_EQUAL(std::size_t(16), span.size());
            // A generated pair makes a valid header, which also proves lowercase hex and non-zero.
            CPPUNIT_ASSERT(TraceParent::parse("00-" + trace + "-" + span + "-01").has_value());
            traces.insert(trace);
            spans.insert(span);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1000), traces.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1000), spans.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TraceParentTest);
} // namespace akashi::telemetry
