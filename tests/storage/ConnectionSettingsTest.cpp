#include "common/Exception.h"
#include "storage/ConnectionSettings.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::storage
{
class ConnectionSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConnectionSettingsTest);
    CPPUNIT_TEST(testValidUrls);
    CPPUNIT_TEST(testInvalidUrls);
    CPPUNIT_TEST(testMaskingHidesPassword);
    CPPUNIT_TEST(testConnectTimeoutRoundsUp);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidUrls()
    {
        const std::pair<std::string, std::string> cases[] = {
            {"postgres://akashi:akashi@localhost:6432/akashi?sslmode=disable",
             "dbname=akashi host=localhost password=akashi port=6432 sslmode=disable user=akashi"},
            {"postgresql://u@db.example/app", "dbname=app host=db.example user=u"},
            {"postgres://u:p%40ss%2Fw@h/d", "dbname=d host=h password=p@ss/w user=u"},
            {"postgres://akashi@localhost:5433/x?host=/var/run/pg", "dbname=x host=/var/run/pg port=5433 user=akashi"},
            {"postgres://u:it's@h/d", "dbname=d host=h password=it\\'s user=u"},
        };
        for (const auto& [url, expected] : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(url, expected, ConnectionSettings::parseUrl(url).connectionString());
    }

    void testInvalidUrls()
    {
        const std::pair<std::string, std::string> cases[] = {
            {"mysql://u@h/d", "the URL must start with postgres:// or postgresql://"},
            {"localhost:5432/akashi", "the URL must start with postgres:// or postgresql://"},
            {"postgres://u@h:99999/d", "port \"99999\" is not a number from 1 to 65535"},
            {"postgres://u@h:abc/d", "port \"abc\" is not a number from 1 to 65535"},
            {"postgres://u@h", "the URL names no database (postgres://host/DATABASE)"},
            {"postgres://u@h/d?sslmode", "query parameter \"sslmode\" is not key=value"},
            {"postgres://u:pa%20ss@h/d", "the password contains whitespace, which the PostgreSQL driver cannot pass on"},
            {"postgres://u:bad%zz@h/d", "bad percent-encoding in the password"},
        };
        for (const auto& [url, detail] : cases)
        {
            try
            {
                ConnectionSettings::parseUrl(url);
                CPPUNIT_FAIL("accepted " + url);
            }
            catch (const Exception& e)
            {
                CPPUNIT_ASSERT_EQUAL(std::string("invalid DATABASE_URL"), e.message());
                CPPUNIT_ASSERT_EQUAL_MESSAGE(url, detail, e.detail());
                CPPUNIT_ASSERT(e.detail().find("pa ss") == std::string::npos);
            }
        }
    }

    void testMaskingHidesPassword()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("postgres://akashi:***@db:6432/akashi"),
                             ConnectionSettings::parseUrl("postgres://akashi:s3cret@db:6432/akashi").masked());
        CPPUNIT_ASSERT_EQUAL(std::string("postgres://akashi@/akashi?host=/state/socket&port=5432"),
                             ConnectionSettings::forSocket("/state/socket", 5432, "akashi", "akashi").masked());
    }

    void testConnectTimeoutRoundsUp()
    {
        auto settings = ConnectionSettings::forSocket("/s", 5432, "a", "d");
        settings.setConnectTimeout(std::chrono::milliseconds(1500));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), settings.parameters().at("connect_timeout"));
        settings.setConnectTimeout(std::chrono::milliseconds(0));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), settings.parameters().at("connect_timeout"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ConnectionSettingsTest);
} // namespace akashi::storage
