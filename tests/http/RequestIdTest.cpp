#include "http/RequestId.h"

#include <Poco/UUID.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::http
{
class RequestIdTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RequestIdTest);
    CPPUNIT_TEST(testAcceptsPrintableAsciiUpTo128);
    CPPUNIT_TEST(testReplacesUnacceptableWithUuid4);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAcceptsPrintableAsciiUpTo128()
    {
        CPPUNIT_ASSERT(RequestId::isAcceptable("a"));
        CPPUNIT_ASSERT(RequestId::isAcceptable(std::string(128, 'x')));
        CPPUNIT_ASSERT_EQUAL(std::string("req-42"), RequestId::fromHeader("req-42"));
    }

    void testReplacesUnacceptableWithUuid4()
    {
        for (const std::string& bad : {std::string(), std::string(129, 'x'), std::string("has space"),
                                      std::string("tab\t"), std::string("caf\xC3\xA9")})
        {
            CPPUNIT_ASSERT(!RequestId::isAcceptable(bad));
            Poco::UUID uuid(RequestId::fromHeader(bad));
            CPPUNIT_ASSERT_EQUAL(4, static_cast<int>(uuid.version()));
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RequestIdTest);
} // namespace akashi::http
