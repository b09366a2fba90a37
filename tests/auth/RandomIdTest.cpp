#include "auth/RandomId.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

namespace akashi::auth
{
class RandomIdTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RandomIdTest);
    CPPUNIT_TEST(testUuidV4Format);
    CPPUNIT_TEST(testUuidV4Unique);
    CPPUNIT_TEST(testIsUuid);
    CPPUNIT_TEST(testBytes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testUuidV4Format()
    {
        for (int i = 0; i < 200; ++i)
        {
            const std::string uuid = RandomId::uuidV4();
            CPPUNIT_ASSERT_MESSAGE(uuid, RandomId::isUuid(uuid));
            CPPUNIT_ASSERT_MESSAGE(uuid, uuid.find_first_not_of("0123456789abcdef-") == std::string::npos);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(uuid, '4', uuid[14]);
            CPPUNIT_ASSERT_MESSAGE(uuid, std::string("89ab").find(uuid[19]) != std::string::npos);
        }
    }

    void testUuidV4Unique()
    {
        std::set<std::string> seen;
        for (int i = 0; i < 1000; ++i)
            CPPUNIT_ASSERT(seen.insert(RandomId::uuidV4()).second);
    }

    void testIsUuid()
    {
        for (const char* text : {"3f2b8c1e-9d4a-4c6b-8e2f-0a1b2c3d4e5f", "3F2B8C1E-9D4A-4C6B-8E2F-0A1B2C3D4E5F",
                                 "00000000-0000-0000-0000-000000000000", "3f2b8c1e-9d4a-1c6b-8e2f-0a1b2c3d4e5f"})
            CPPUNIT_ASSERT_MESSAGE(text, RandomId::isUuid(text));
        for (const char* text : {"", "3f2b8c1e9d4a4c6b8e2f0a1b2c3d4e5f", "3f2b8c1e-9d4a-4c6b-8e2f-0a1b2c3d4e5",
                                 "3f2b8c1e-9d4a-4c6b-8e2f-0a1b2c3d4e5f0", "{3f2b8c1e-9d4a-4c6b-8e2f-0a1b2c3d4e5f}",
                                 "3f2b8c1e-9d4a-4c6b-8e2f_0a1b2c3d4e5f", "3f2b8c1e-9d4a-4c6b-8e2g-0a1b2c3d4e5f",
                                 "3f2b8c1-e9d4a-4c6b-8e2f-0a1b2c3d4e5f", " 3f2b8c1e-9d4a-4c6b-8e2f-0a1b2c3d4e5"})
            CPPUNIT_ASSERT_MESSAGE(text, !RandomId::isUuid(text));
    }

    void testBytes()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), RandomId::bytes(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), RandomId::bytes(32).size());
        CPPUNIT_ASSERT(RandomId::bytes(32) != RandomId::bytes(32));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RandomIdTest);
} // namespace akashi::auth
