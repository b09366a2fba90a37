#include "common/ErrorCode.h"
#include "common/Exception.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi
{
class ErrorCodeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ErrorCodeTest);
    CPPUNIT_TEST(testEveryCodeMapsToItsRow);
    CPPUNIT_TEST(testWireCodesAndStatuses);
    CPPUNIT_TEST(testExceptionFullText);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryCodeMapsToItsRow()
    {
        for (int i = 0; i <= static_cast<int>(ErrorCode::databaseUnavailable); ++i)
        {
            const auto code = static_cast<ErrorCode>(i);
            CPPUNIT_ASSERT(errorCodeInfo(code).code == code);
        }
    }

    void testWireCodesAndStatuses()
    {
        struct Case
        {
            ErrorCode code;
            const char* wire;
            int status;
        };
        const Case cases[] = {
            {ErrorCode::invalidInput, "INVALID_INPUT", 400},      {ErrorCode::unauthorized, "UNAUTHORIZED", 401},
            {ErrorCode::forbidden, "FORBIDDEN", 403},             {ErrorCode::notFound, "NOT_FOUND", 404},
            {ErrorCode::methodNotAllowed, "METHOD_NOT_ALLOWED", 405}, {ErrorCode::conflict, "CONFLICT", 409},
            {ErrorCode::payloadTooLarge, "PAYLOAD_TOO_LARGE", 413}, {ErrorCode::rateLimited, "RATE_LIMITED", 429},
            {ErrorCode::internal, "INTERNAL_ERROR", 500},         {ErrorCode::notImplemented, "NOT_IMPLEMENTED", 501},
            {ErrorCode::serviceUnavailable, "SERVICE_UNAVAILABLE", 503},
            {ErrorCode::visibilityTimeout, "VISIBILITY_TIMEOUT", 504},
        };
        for (const auto& c : cases)
        {
            CPPUNIT_ASSERT_EQUAL(std::string(c.wire), std::string(errorCodeInfo(c.code).wireCode));
            CPPUNIT_ASSERT_EQUAL(c.status, errorCodeInfo(c.code).httpStatus);
        }
    }

    void testExceptionFullText()
    {
        Exception withAll(ErrorCode::pluginLoad, "cannot load", "the detail", "the hint");
        CPPUNIT_ASSERT_EQUAL(std::string("cannot load\nthe detail\nthe hint"), withAll.fullText());
        CPPUNIT_ASSERT(withAll.errorCode() == ErrorCode::pluginLoad);
        Exception bare(ErrorCode::notFound, "gone");
        CPPUNIT_ASSERT_EQUAL(std::string("gone"), bare.fullText());
        CPPUNIT_ASSERT_EQUAL(std::string("gone"), bare.message());
        std::unique_ptr<Poco::Exception> copy(bare.clone());
        CPPUNIT_ASSERT_THROW(copy->rethrow(), Exception);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ErrorCodeTest);
} // namespace akashi
