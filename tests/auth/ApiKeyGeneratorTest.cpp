#include "auth/ApiKeyGenerator.h"

#include "auth/Base64Url.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

namespace akashi::auth
{
class ApiKeyGeneratorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ApiKeyGeneratorTest);
    CPPUNIT_TEST(testFormat);
    CPPUNIT_TEST(testUnique);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFormat()
    {
        for (int i = 0; i < 100; ++i)
        {
            const std::string key = ApiKeyGenerator::generate();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(key, std::size_t(3 + 43), key.size());
            CPPUNIT_ASSERT_MESSAGE(key, key.starts_with("ak_"));
            const auto secret = Base64Url::decode(key.substr(3));
            CPPUNIT_ASSERT_MESSAGE(key, secret.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(key, std::size_t(32), secret->size());
        }
    }

    void testUnique()
    {
        std::set<std::string> seen;
        for (int i = 0; i < 1000; ++i)
            CPPUNIT_ASSERT(seen.insert(ApiKeyGenerator::generate()).second);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ApiKeyGeneratorTest);
} // namespace akashi::auth
