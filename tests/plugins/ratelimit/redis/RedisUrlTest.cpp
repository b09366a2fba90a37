#include "plugins/ratelimit/redis/RedisUrl.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>
#include <string>

namespace akashi::plugins::ratelimit::redis
{
/// RedisUrl compiled into the test: every accepted form and every refusal with its exact message.
class RedisUrlTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RedisUrlTest);
    CPPUNIT_TEST(testTcpForms);
    CPPUNIT_TEST(testUnixForms);
    CPPUNIT_TEST(testRefusals);
    CPPUNIT_TEST_SUITE_END();

    static std::string refusal(const std::string& url)
    {
        try
        {
            RedisUrl parsed(url);
        }
        catch (const std::invalid_argument& e)
        {
            return e.what();
        }
        return "";
    }

public:
    void testTcpForms()
    {
        const struct
        {
            const char* url;
            const char* host;
            int port;
            const char* user;
            const char* password;
            int database;
            const char* redacted;
        } cases[] = {
            {"redis://localhost", "localhost", 6379, "", "", 0, "redis://localhost:6379/0"},
            {"redis://localhost/", "localhost", 6379, "", "", 0, "redis://localhost:6379/0"},
            {"redis://10.1.2.3:6380/2", "10.1.2.3", 6380, "", "", 2, "redis://10.1.2.3:6380/2"},
            {"redis://:pw@cache:7000/15", "cache", 7000, "", "pw", 15, "redis://cache:7000/15"},
            {"redis://akashi:p%40ss%3Aw@cache", "cache", 6379, "akashi", "p@ss:w", 0, "redis://cache:6379/0"},
            {"redis://[::1]:6390/1", "::1", 6390, "", "", 1, "redis://[::1]:6390/1"},
        };
        for (const auto& c : cases)
        {
            const RedisUrl url(c.url);
            CPPUNIT_ASSERT_MESSAGE(c.url, !url.isUnixSocket());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.url, std::string(c.host), url.host());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.url, c.port, static_cast<int>(url.port()));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.url, std::string(c.user), url.user());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.url, std::string(c.password), url.password());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.url, c.database, url.database());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.url, std::string(c.redacted), url.redacted());
        }
    }

    void testUnixForms()
    {
        const RedisUrl plain("unix:///run/redis/redis.sock");
        CPPUNIT_ASSERT(plain.isUnixSocket());
        CPPUNIT_ASSERT_EQUAL(std::string("/run/redis/redis.sock"), plain.socketPath());
        CPPUNIT_ASSERT_EQUAL(0, plain.database());
        CPPUNIT_ASSERT_EQUAL(std::string("unix:///run/redis/redis.sock?db=0"), plain.redacted());

        const RedisUrl full("unix://:secret@/tmp/r.sock?db=4");
        CPPUNIT_ASSERT_EQUAL(std::string("/tmp/r.sock"), full.socketPath());
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), full.password());
        CPPUNIT_ASSERT_EQUAL(4, full.database());
        CPPUNIT_ASSERT_EQUAL(std::string("unix:///tmp/r.sock?db=4"), full.redacted());
    }

    void testRefusals()
    {
        const struct
        {
            const char* url;
            const char* error;
        } cases[] = {
            {"  ", "url: required (REDIS_URL), e.g. redis://[[user]:password@]host[:port][/db] or "
                   "unix://[[user]:password@]/path/redis.sock[?db=N]"},
            {"localhost:6379", "url: the scheme must be redis:// or unix://, not \"localhost\""},
            {"redis://localhost/65536", "url: the database must be a number from 0 to 65535, not \"65536\""},
            {"redis://localhost/1/2", "url: the database must be a number from 0 to 65535, not \"1/2\""},
            {"redis://localhost/-1", "url: the database must be a number from 0 to 65535, not \"-1\""},
            {"redis://localhost#x", "url: a fragment (#...) means nothing here"},
            {"unix://", "url: unix:// needs an absolute socket path, e.g. unix:///run/redis/redis.sock"},
            {"unix:///tmp/r.sock?db=x", "url: the database must be a number from 0 to 65535, not \"x\""},
            {"unix://:6379/tmp/r.sock", "url: unix:// takes a socket path and no host, e.g. unix:///run/redis/redis.sock"},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.url, std::string(c.error), refusal(c.url));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RedisUrlTest);
} // namespace akashi::plugins::ratelimit::redis
