#include "mcp/McpOriginPolicy.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// Origin validation of /mcp (DNS rebinding defence).
class McpOriginPolicyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(McpOriginPolicyTest);
    CPPUNIT_TEST(testListedOrigins);
    CPPUNIT_TEST(testLoopback);
    CPPUNIT_TEST_SUITE_END();

public:
    void testListedOrigins()
    {
        const mcp::McpOriginPolicy policy({"https://app.example"}, false);
        CPPUNIT_ASSERT(policy.allows(""));
        CPPUNIT_ASSERT(policy.allows("https://app.example"));
        CPPUNIT_ASSERT(!policy.allows("https://app.example.evil"));
        CPPUNIT_ASSERT(!policy.allows("http://app.example"));
        CPPUNIT_ASSERT(!policy.allows("http://localhost:3000")); // not bound to loopback
        CPPUNIT_ASSERT(mcp::McpOriginPolicy({"*"}, false).allows("https://anything.example"));
    }

    void testLoopback()
    {
        const mcp::McpOriginPolicy policy({}, true);
        CPPUNIT_ASSERT(policy.allows("http://localhost:3000"));
        CPPUNIT_ASSERT(policy.allows("http://127.0.0.1"));
        CPPUNIT_ASSERT(policy.allows("https://[::1]:8443"));
        CPPUNIT_ASSERT(!policy.allows("http://127.example.com"));
        CPPUNIT_ASSERT(!policy.allows("http://localhost.evil.example"));
        CPPUNIT_ASSERT(!policy.allows("null"));
        CPPUNIT_ASSERT(!policy.allows("https://app.example"));
        CPPUNIT_ASSERT(mcp::McpOriginPolicy::isLoopbackAddress("127.0.0.1"));
        CPPUNIT_ASSERT(mcp::McpOriginPolicy::isLoopbackAddress("::1"));
        CPPUNIT_ASSERT(mcp::McpOriginPolicy::isLoopbackAddress("localhost"));
        CPPUNIT_ASSERT(!mcp::McpOriginPolicy::isLoopbackAddress("0.0.0.0"));
        CPPUNIT_ASSERT(!mcp::McpOriginPolicy::isLoopbackAddress("10.0.0.1"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(McpOriginPolicyTest);
} // namespace akashi::test
