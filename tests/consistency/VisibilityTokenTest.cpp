#include "consistency/VisibilityToken.h"
#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::consistency
{
class VisibilityTokenTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VisibilityTokenTest);
    CPPUNIT_TEST(testCommitTokenRoundTrip);
    CPPUNIT_TEST(testBufferedEventsTokenRoundTrip);
    CPPUNIT_TEST(testMalformedTokensNameTheField);
    CPPUNIT_TEST(testLsnText);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCommitTokenRoundTrip()
    {
        VisibilityToken token;
        token.lsn = 0x16B374D848ULL;
        CPPUNIT_ASSERT_EQUAL(std::string("v1.00000016b374d848"), token.encode());
        const auto parsed = VisibilityToken::parse(token.encode(), "min_visibility_token");
        CPPUNIT_ASSERT_EQUAL(token.lsn, parsed.lsn);
        CPPUNIT_ASSERT(!parsed.runId);
    }

    void testBufferedEventsTokenRoundTrip()
    {
        const auto token = VisibilityToken::forBufferedEvents("0f8fad5b-d9cb-469f-a165-70867728950e", 4711);
        CPPUNIT_ASSERT_EQUAL(std::string("v1.0000000000000000.0f8fad5b-d9cb-469f-a165-70867728950e.4711"),
                             token.encode());
        const auto parsed = VisibilityToken::parse(token.encode(), "min_visibility_token");
        CPPUNIT_ASSERT_EQUAL(std::string("0f8fad5b-d9cb-469f-a165-70867728950e"), *parsed.runId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4711), parsed.sequenceNum);
    }

    void testMalformedTokensNameTheField()
    {
        for (const std::string text : {"", "v2.00000016b374d848", "v1.16b374d848", "v1.00000016B374D848",
                                       "v1.00000016b374d848.", "v1.00000016b374d848.not-a-uuid.1",
                                       "v1.0000000000000000.0f8fad5b-d9cb-469f-a165-70867728950e.0",
                                       "v1.0000000000000000.0f8fad5b-d9cb-469f-a165-70867728950e.-1",
                                       "v1.00000016b374d848 "})
        {
            const auto e = test::expectException([&] { VisibilityToken::parse(text, "min_visibility_token"); });
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::invalidInput);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text,
                                         std::string("invalid min_visibility_token: not a visibility token issued by "
                                                     "this server"),
                                         e.message());
        }
    }

    void testLsnText()
    {
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0x16B374D848ULL), VisibilityToken::parseLsn("16/B374D848"));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), VisibilityToken::parseLsn("0/0"));
        CPPUNIT_ASSERT_EQUAL(std::string("16/B374D848"), VisibilityToken::formatLsn(0x16B374D848ULL));
        CPPUNIT_ASSERT_EQUAL(std::string("FFFFFFFF/FFFFFFFF"), VisibilityToken::formatLsn(~0ULL));
        for (const char* bad : {"", "16", "/1", "1/", "x/1", "1/1x", "123456789/0"})
            CPPUNIT_ASSERT_THROW_MESSAGE(bad, VisibilityToken::parseLsn(bad), std::invalid_argument);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(VisibilityTokenTest);
} // namespace akashi::consistency
