#include "common/Sha256.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi
{
class Sha256Test : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(Sha256Test);
    CPPUNIT_TEST(testKnownDigests);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKnownDigests()
    {
        // FIPS 180-2 test vectors.
        CPPUNIT_ASSERT_EQUAL(std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), Sha256::hex(""));
        CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), Sha256::hex("abc"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{32}, Sha256::digest("abc").size());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(Sha256Test);
} // namespace akashi
