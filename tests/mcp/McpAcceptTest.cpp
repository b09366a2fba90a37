#include "mcp/McpAccept.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// The Accept rule of POST /mcp, table-driven.
class McpAcceptTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(McpAcceptTest);
    CPPUNIT_TEST(testTable);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTable()
    {
        struct Case
        {
            const char* header;
            bool json;
            bool stream;
            bool prefersStream;
        };
        const Case cases[] = {
            {"application/json, text/event-stream", true, true, false},
            {"text/event-stream, application/json", true, true, true},
            {"application/json;q=0.5, text/event-stream", true, true, true},
            {"text/event-stream;q=0.2, application/json", true, true, false},
            {"application/json", true, false, false},
            {"text/event-stream", false, true, false},
            {"", false, false, false},
            {"*/*", true, true, false},
            {"application/*, text/*", true, true, false},
            {"*/*, text/event-stream;q=0", true, false, false},
            {"APPLICATION/JSON , Text/Event-Stream", true, true, false},
            {"text/html", false, false, false},
        };
        for (const auto& c : cases)
        {
            const auto accept = mcp::McpAccept::parse(c.header);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.header, c.json, accept.json);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.header, c.stream, accept.eventStream);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.header, c.prefersStream, accept.prefersEventStream);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(McpAcceptTest);
} // namespace akashi::test
