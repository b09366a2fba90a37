#include "auth/Base64Url.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::auth
{
class Base64UrlTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(Base64UrlTest);
    CPPUNIT_TEST(testRfc4648Vectors);
    CPPUNIT_TEST(testAlphabetsDiffer);
    CPPUNIT_TEST(testRoundTripEveryLengthAndByte);
    CPPUNIT_TEST(testInvalidUrlInputs);
    CPPUNIT_TEST(testInvalidStdInputs);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRfc4648Vectors()
    {
        const std::pair<std::string, std::string> cases[] = {
            {"", ""},         {"f", "Zg"},         {"fo", "Zm8"},         {"foo", "Zm9v"},
            {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
        };
        for (const auto& [bytes, text] : cases)
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bytes, text, Base64Url::encode(bytes));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bytes, text, Base64Url::encodeStd(bytes));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, bytes, Base64Url::decode(text).value_or("<none>"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, bytes, Base64Url::decodeStd(text).value_or("<none>"));
        }
    }

    void testAlphabetsDiffer()
    {
        const std::string bytes("\xfb\xff\xbf", 3);
        CPPUNIT_ASSERT_EQUAL(std::string("-_-_"), Base64Url::encode(bytes));
        CPPUNIT_ASSERT_EQUAL(std::string("+/+/"), Base64Url::encodeStd(bytes));
        CPPUNIT_ASSERT_EQUAL(bytes, Base64Url::decode("-_-_").value_or(""));
        CPPUNIT_ASSERT_EQUAL(bytes, Base64Url::decodeStd("+/+/").value_or(""));
    }

    void testRoundTripEveryLengthAndByte()
    {
        std::string all;
        for (int i = 0; i < 256; ++i)
            all += static_cast<char>(i);
        for (std::size_t length = 0; length <= all.size(); ++length)
        {
            const std::string bytes = all.substr(all.size() - length);
            const std::string url = Base64Url::encode(bytes);
            CPPUNIT_ASSERT_EQUAL((length * 4 + 2) / 3, url.size());
            CPPUNIT_ASSERT(url.find_first_of("+/=") == std::string::npos);
            CPPUNIT_ASSERT_EQUAL(bytes, Base64Url::decode(url).value_or("<none>"));
            CPPUNIT_ASSERT_EQUAL(bytes, Base64Url::decodeStd(Base64Url::encodeStd(bytes)).value_or("<none>"));
        }
    }

    void testInvalidUrlInputs()
    {
        const std::string cases[] = {
            "Zg==", "Zg=", "Zm9vYg==", "Z", "Zm9vY", // padding; lengths of 1 mod 4 encode nothing
            "Zm9v!", "Zm 9v", "Zm9v\n", "Zm+v", "Zm/v", std::string("Zm\0v", 4), "Zm9\xC3\xA9",
            "Zh", "Zm9", "Zm9vYh", // non-zero unused trailing bits ("Zg", "Zm8", "Zm9vYg" are canonical)
        };
        for (const auto& text : cases)
            CPPUNIT_ASSERT_MESSAGE(text, !Base64Url::decode(text).has_value());
    }

    void testInvalidStdInputs()
    {
        for (const char* text : {"Zg==", "Z", "Zm-v", "Zm_v", "Zm9*", "Zh"})
            CPPUNIT_ASSERT_MESSAGE(text, !Base64Url::decodeStd(text).has_value());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(Base64UrlTest);
} // namespace akashi::auth
