#include "common/Exception.h"
#include "http/RequestBody.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::http
{
class RequestBodyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RequestBodyTest);
    CPPUNIT_TEST(testParsesObject);
    CPPUNIT_TEST(testRejectsWithExactMessages);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParsesObject()
    {
        auto obj = RequestBody::parseJsonObject(R"({"agent_id":"a","n":3})");
        CPPUNIT_ASSERT_EQUAL(std::string("a"), obj->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(3, obj->getValue<int>("n"));
    }

    void testRejectsWithExactMessages()
    {
        struct Case
        {
            std::string body;
            std::string messagePrefix;
        };
        const Case cases[] = {
            {"", "request body is required"},
            {"  \n", "request body is required"},
            {"[1,2]", "request body must be a JSON object"},
            {"{\"a\":", "invalid JSON in request body: "},
            {"{bad}", "invalid JSON in request body: "},
        };
        for (const auto& c : cases)
        {
            try
            {
                RequestBody::parseJsonObject(c.body);
                CPPUNIT_FAIL("accepted: " + c.body);
            }
            catch (const Exception& e)
            {
                CPPUNIT_ASSERT(e.errorCode() == ErrorCode::invalidInput);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, c.messagePrefix, e.message().substr(0, c.messagePrefix.size()));
            }
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RequestBodyTest);
} // namespace akashi::http
