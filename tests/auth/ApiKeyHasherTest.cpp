#include "auth/ApiKeyHasher.h"

#include "auth/Base64Url.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace akashi::auth
{
namespace
{
/// Cheap enough to run many times (256 KiB, one lane); only the test with the defaults pays 64 MiB.
constexpr ApiKeyHasher::Cost kCheap{1, 256, 1};
const std::string kSecret = "ak_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";
} // namespace

class ApiKeyHasherTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ApiKeyHasherTest);
    CPPUNIT_TEST(testHashVerifies);
    CPPUNIT_TEST(testWrongSecretRefused);
    CPPUNIT_TEST(testEncodedFormat);
    CPPUNIT_TEST(testSaltMakesHashesDiffer);
    CPPUNIT_TEST(testMalformedEncodingsRefused);
    CPPUNIT_TEST(testCostIsPartOfTheHash);
    CPPUNIT_TEST(testDummyVerificationRuns);
    CPPUNIT_TEST(testDefaultCost);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHashVerifies()
    {
        const std::string secrets[] = {kSecret, "", "\xE2\x9C\x93 unicode", std::string(500, 'x')};
        for (const auto& secret : secrets)
            CPPUNIT_ASSERT_MESSAGE(secret, ApiKeyHasher::verify(secret, ApiKeyHasher::hash(secret, kCheap), kCheap));
    }

    void testWrongSecretRefused()
    {
        const std::string encoded = ApiKeyHasher::hash(kSecret, kCheap);
        std::string lastCharChanged = kSecret;
        lastCharChanged.back() = 'z';
        for (const std::string& wrong : {std::string(), kSecret.substr(0, kSecret.size() - 1), kSecret + "5",
                                        lastCharChanged, std::string("AK") + kSecret.substr(2)})
            CPPUNIT_ASSERT_MESSAGE(wrong, !ApiKeyHasher::verify(wrong, encoded, kCheap));
    }

    void testEncodedFormat()
    {
        const std::string encoded = ApiKeyHasher::hash(kSecret, kCheap);
        const auto separator = encoded.find('$');
        CPPUNIT_ASSERT_EQUAL(std::size_t(22), separator);
        CPPUNIT_ASSERT_EQUAL(std::size_t(22 + 1 + 43), encoded.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), Base64Url::decodeStd(encoded.substr(0, separator)).value_or("").size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), Base64Url::decodeStd(encoded.substr(separator + 1)).value_or("").size());
        CPPUNIT_ASSERT(encoded.find('=') == std::string::npos);
    }

    void testSaltMakesHashesDiffer()
    {
        const std::string first = ApiKeyHasher::hash(kSecret, kCheap);
        const std::string second = ApiKeyHasher::hash(kSecret, kCheap);
        CPPUNIT_ASSERT(first != second);
        CPPUNIT_ASSERT(first.substr(0, 22) != second.substr(0, 22));
        CPPUNIT_ASSERT(ApiKeyHasher::verify(kSecret, first, kCheap));
        CPPUNIT_ASSERT(ApiKeyHasher::verify(kSecret, second, kCheap));
    }

    void testMalformedEncodingsRefused()
    {
        const std::string good = ApiKeyHasher::hash(kSecret, kCheap);
        const std::string salt = good.substr(0, 22);
        const std::string key = good.substr(23);
        const std::string cases[] = {
            "",
            "$",
            salt,
            salt + "$",
            "$" + key,
            key + "$" + salt,
            salt + "$" + key + "$",
            salt + "$" + key + "A",
            salt + "$" + key.substr(0, 42),
            salt.substr(0, 21) + "$" + key,
            salt + "==$" + key,
            salt + "$" + key + "=",
            salt + "$" + key.substr(0, 40) + "-_A",
            salt + " $" + key,
            "$argon2id$v=19$m=65536,t=1,p=4$" + salt + "$" + key,
        };
        CPPUNIT_ASSERT(ApiKeyHasher::verify(kSecret, salt + "$" + key, kCheap));
        for (const auto& encoded : cases)
            CPPUNIT_ASSERT_MESSAGE(encoded, !ApiKeyHasher::verify(kSecret, encoded, kCheap));
    }

    void testCostIsPartOfTheHash()
    {
        const std::string encoded = ApiKeyHasher::hash(kSecret, kCheap);
        const ApiKeyHasher::Cost otherTime{2, kCheap.memoryKiB, kCheap.parallelism};
        const ApiKeyHasher::Cost otherMemory{kCheap.timeCost, 512, kCheap.parallelism};
        CPPUNIT_ASSERT(!ApiKeyHasher::verify(kSecret, encoded, otherTime));
        CPPUNIT_ASSERT(!ApiKeyHasher::verify(kSecret, encoded, otherMemory));
        const ApiKeyHasher::Cost invalid{0, 0, 0};
        CPPUNIT_ASSERT(!ApiKeyHasher::verify(kSecret, encoded, invalid));
    }

    void testDummyVerificationRuns()
    {
        ApiKeyHasher::verifyDummy(kSecret, kCheap);
        ApiKeyHasher::verifyDummy("", kCheap);
        ApiKeyHasher::verifyDummy(kSecret, ApiKeyHasher::Cost{0, 0, 0});
    }

    void testDefaultCost()
    {
        const ApiKeyHasher::Cost defaults;
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(1), defaults.timeCost);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(65536), defaults.memoryKiB);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(4), defaults.parallelism);

        const std::string encoded = ApiKeyHasher::hash(kSecret);
        CPPUNIT_ASSERT(ApiKeyHasher::verify(kSecret, encoded));
        CPPUNIT_ASSERT(ApiKeyHasher::verify(kSecret, encoded, defaults));
        CPPUNIT_ASSERT(!ApiKeyHasher::verify(kSecret + "x", encoded));
        CPPUNIT_ASSERT(!ApiKeyHasher::verify(kSecret, encoded, kCheap));
        CPPUNIT_ASSERT(!ApiKeyHasher::verify(kSecret, "malformed"));
        ApiKeyHasher::verifyDummy(kSecret);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ApiKeyHasherTest);
} // namespace akashi::auth
