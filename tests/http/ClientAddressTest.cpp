#include "http/ClientAddress.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace akashi::http
{
/// Which address IP-keyed limits count against, with and without AKASHI_TRUST_PROXY.
class ClientAddressTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ClientAddressTest);
    CPPUNIT_TEST(testParse);
    CPPUNIT_TEST(testResolve);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParse()
    {
        const struct
        {
            const char* entry;
            const char* expected; ///< "" = not an address
        } cases[] = {
            {"203.0.113.7", "203.0.113.7"},
            {"  203.0.113.7\t", "203.0.113.7"},
            {"203.0.113.7:8443", "203.0.113.7"},
            {"2001:db8::1", "2001:db8::1"},
            {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
            {"[2001:db8::1]", "2001:db8::1"},
            {"[2001:db8::1]:443", "2001:db8::1"},
            {"::ffff:192.0.2.5", "192.0.2.5"},
            {"unknown", ""},
            {"", ""},
            {"proxy.example", ""},
            {"127.1", ""},
            {"0x7f000001", ""},
            {"300.1.2.3", ""},
            {"[2001:db8::1", ""},
            {"[2001:db8::1]x", ""},
            {"1.2.3.4:5:6", ""},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.entry, std::string(c.expected), ClientAddress::parse(c.entry).value_or(""));
    }

    void testResolve()
    {
        const struct
        {
            const char* peer;
            const char* forwardedFor;
            bool trustProxy;
            const char* expected;
        } cases[] = {
            {"10.0.0.5", "", false, "10.0.0.5"},
            {"10.0.0.5", "203.0.113.7", false, "10.0.0.5"}, // a client can write the header: ignored by default
            {"10.0.0.5", "203.0.113.7", true, "203.0.113.7"},
            {"10.0.0.5", "203.0.113.7, 198.51.100.2, 10.0.0.1", true, "203.0.113.7"},
            {"10.0.0.5", "unknown, 198.51.100.2", true, "198.51.100.2"},
            {"10.0.0.5", " , garbage ,", true, "10.0.0.5"},
            {"10.0.0.5", "", true, "10.0.0.5"},
            {"::ffff:127.0.0.1", "", false, "127.0.0.1"},
            {"::1", "", false, "::1"},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(c.peer) + " / " + c.forwardedFor, std::string(c.expected),
                                         ClientAddress::resolve(c.peer, c.forwardedFor, c.trustProxy));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ClientAddressTest);
} // namespace akashi::http
