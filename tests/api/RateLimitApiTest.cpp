#include "api/IdentityServer.h"
#include "support/RedisServer.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <string>
#include <thread>

namespace akashi::test
{
/// Rate limiting end to end against the real server (docs/rate-limiting.md): headers, 429 with
/// Retry-After and the envelope, the platform_admin exemption, the auth class by client IP with and
/// without AKASHI_TRUST_PROXY, disabling; then the redis backend: two servers sharing one budget, a Redis
/// outage failing open, and limits applying again once Redis is back, without a server restart.
/// Class limits are per minute (one permit per 20 s or slower), so counts are exact at any test speed.
class RateLimitApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RateLimitApiTest);
    CPPUNIT_TEST(testHeadersThen429FromTheGlobalBucket);
    CPPUNIT_TEST(testClassLimitRefusesWithEnvelopeAndLogLine);
    CPPUNIT_TEST(testPlatformAdminIsExempt);
    CPPUNIT_TEST(testAuthClassCountsTheClientIp);
    CPPUNIT_TEST(testDisabledSendsNoHeaders);
    CPPUNIT_TEST(testTwoServersShareOneRedisBudget);
    CPPUNIT_TEST(testRedisOutageFailsOpenThenLimitsResume);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kRecent = "/v1/decisions/recent";

    static std::int64_t unixSeconds()
    {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    static HttpReply getOn(std::uint16_t port, const std::string& path, const std::string& authorization)
    {
        Poco::Net::NameValueCollection headers;
        headers.set("Authorization", authorization);
        return HttpTestClient(port).request("GET", path, {}, headers);
    }

    static HttpReply token(IdentityServer& server, const std::string& forwardedFor = {})
    {
        Poco::Net::NameValueCollection headers;
        if (!forwardedFor.empty())
            headers.set("X-Forwarded-For", forwardedFor);
        return HttpTestClient(server.port())
            .request("POST", "/auth/token", R"({"agent_id":"nobody","api_key":"wrong"})", headers);
    }

    static void assertRefused(const HttpReply& reply, const std::string& limit, int maxRetryAfter)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 429, reply.status);
        CPPUNIT_ASSERT_EQUAL(limit, reply.headers.get("X-RateLimit-Limit", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), reply.headers.get("X-RateLimit-Remaining", ""));
        const int retryAfter = std::stoi(reply.headers.get("Retry-After", "0"));
        CPPUNIT_ASSERT_MESSAGE(std::to_string(retryAfter), retryAfter >= 1 && retryAfter <= maxRetryAfter);
        const auto error = reply.json()->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("RATE_LIMITED"), error->getValue<std::string>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("rate limit exceeded"), error->getValue<std::string>("message"));
    }

public:
    void testHeadersThen429FromTheGlobalBucket()
    {
        IdentityServer server("ratelimit_global", {{"AKASHI_RATE_LIMIT_RPS", "1"}, {"AKASHI_RATE_LIMIT_BURST", "3"}});
        const std::int64_t before = unixSeconds();
        const auto first = server.call("GET", kRecent, "", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.body, 200, first.status);
        // The global bucket (3) is tighter than the query class (300 a minute): it is the one reported.
        CPPUNIT_ASSERT_EQUAL(std::string("3"), first.headers.get("X-RateLimit-Limit", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), first.headers.get("X-RateLimit-Remaining", ""));
        const std::int64_t reset = std::stoll(first.headers.get("X-RateLimit-Reset", "0"));
        CPPUNIT_ASSERT_MESSAGE(std::to_string(reset), reset >= before && reset <= unixSeconds() + 2);
        CPPUNIT_ASSERT(!first.headers.has("Retry-After"));

        // One permit per second: a quick burst of requests runs out of the bucket.
        HttpReply refused;
        for (int i = 0; i < 20 && refused.status != 429; ++i)
            refused = server.call("GET", kRecent, "", IdentityServer::admin());
        assertRefused(refused, "3", 1);

        // Unlimited routes carry no headers and are never refused.
        const auto health = server.call("GET", "/health");
        CPPUNIT_ASSERT_EQUAL(200, health.status);
        CPPUNIT_ASSERT(!health.headers.has("X-RateLimit-Limit"));
    }

    void testClassLimitRefusesWithEnvelopeAndLogLine()
    {
        IdentityServer server("ratelimit_class", {{"AKASHI_RATE_LIMIT_QUERY_PER_MINUTE", "2"}});
        for (const char* remaining : {"1", "0"})
        {
            const auto ok = server.call("GET", kRecent, "", IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ok.body, 200, ok.status);
            CPPUNIT_ASSERT_EQUAL(std::string("2"), ok.headers.get("X-RateLimit-Limit", ""));
            CPPUNIT_ASSERT_EQUAL(std::string(remaining), ok.headers.get("X-RateLimit-Remaining", ""));
        }
        const auto refused = server.call("GET", kRecent, "", IdentityServer::admin());
        assertRefused(refused, "2", 30); // 2 a minute: one permit every 30 s
        const auto line = server.process().waitForLog("rate limit exceeded", std::chrono::seconds(10));
        CPPUNIT_ASSERT(line);
        CPPUNIT_ASSERT_EQUAL(std::string("query"), line->getValue<std::string>("class"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), line->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("WARN"), line->optValue<std::string>("level", ""));
        // The API key is nowhere in the log.
        CPPUNIT_ASSERT(server.process().stdoutText().find(IdentityServer::kAdminKey) == std::string::npos);
    }

    void testPlatformAdminIsExempt()
    {
        IdentityServer server("ratelimit_exempt",
                              {{"AKASHI_RATE_LIMIT_QUERY_PER_MINUTE", "2"}, {"AKASHI_RATE_LIMIT_BURST", "3"}});
        server.insertAgent(IdentityServer::kDefaultOrg, "root", "platform_admin", "root-key-0123456789");
        for (int i = 0; i < 6; ++i)
        {
            const auto reply = server.call("GET", kRecent, "", "ApiKey root:root-key-0123456789");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
            CPPUNIT_ASSERT(!reply.headers.has("X-RateLimit-Limit"));
        }
        // The seeded admin (role admin, below platform_admin) is limited.
        CPPUNIT_ASSERT(server.call("GET", kRecent, "", IdentityServer::admin()).headers.has("X-RateLimit-Limit"));
    }

    void testAuthClassCountsTheClientIp()
    {
        IdentityServer server("ratelimit_auth", {{"AKASHI_RATE_LIMIT_AUTH_PER_MINUTE", "2"}});
        for (const char* remaining : {"1", "0"})
        {
            const auto reply = token(server);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 401, reply.status); // counted whatever the outcome
            CPPUNIT_ASSERT_EQUAL(std::string("2"), reply.headers.get("X-RateLimit-Limit", ""));
            CPPUNIT_ASSERT_EQUAL(std::string(remaining), reply.headers.get("X-RateLimit-Remaining", ""));
        }
        assertRefused(token(server), "2", 30);
        // Without a trusted proxy X-Forwarded-For is the client's own say-so: still 127.0.0.1.
        assertRefused(token(server, "203.0.113.7"), "2", 30);

        server.restart({{"AKASHI_TRUST_PROXY", "true"}});
        CPPUNIT_ASSERT_EQUAL(401, token(server, "203.0.113.7, 10.0.0.1").status);
        CPPUNIT_ASSERT_EQUAL(401, token(server, "203.0.113.7").status);
        assertRefused(token(server, "203.0.113.7"), "2", 30);
        const auto other = token(server, "198.51.100.20");
        CPPUNIT_ASSERT_EQUAL(401, other.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), other.headers.get("X-RateLimit-Remaining", ""));
        // No header, or nothing valid in it: the socket peer.
        CPPUNIT_ASSERT_EQUAL(std::string("1"), token(server).headers.get("X-RateLimit-Remaining", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), token(server, "unknown").headers.get("X-RateLimit-Remaining", ""));
    }

    void testDisabledSendsNoHeaders()
    {
        IdentityServer server("ratelimit_disabled", {{"AKASHI_RATE_LIMIT_ENABLED", "false"},
                                                     {"AKASHI_RATE_LIMIT_QUERY_PER_MINUTE", "1"},
                                                     {"AKASHI_RATE_LIMIT_AUTH_PER_MINUTE", "1"}});
        for (int i = 0; i < 3; ++i)
        {
            const auto reply = server.call("GET", kRecent, "", IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL(200, reply.status);
            CPPUNIT_ASSERT(!reply.headers.has("X-RateLimit-Limit"));
            const auto auth = token(server);
            CPPUNIT_ASSERT_EQUAL(401, auth.status);
            CPPUNIT_ASSERT(!auth.headers.has("X-RateLimit-Limit"));
        }
    }

    void testTwoServersShareOneRedisBudget()
    {
        RedisServer redis;
        IdentityServer a("ratelimit_redis_shared",
                         {{"REDIS_URL", redis.url()}, {"AKASHI_RATE_LIMIT_QUERY_PER_MINUTE", "4"}});
        const auto selected = a.process().waitForLog("rate limiter selected", std::chrono::seconds(10));
        CPPUNIT_ASSERT(selected);
        CPPUNIT_ASSERT_EQUAL(std::string("redis"), selected->getValue<std::string>("backend"));
        auto b = a.startPeer();
        const std::uint16_t portB = *b->waitUntilListening();
        for (int i = 0; i < 4; ++i)
        {
            const auto reply = getOn(i % 2 == 0 ? a.port() : portB, kRecent, IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
            CPPUNIT_ASSERT_EQUAL(std::to_string(3 - i), reply.headers.get("X-RateLimit-Remaining", ""));
        }
        assertRefused(getOn(a.port(), kRecent, IdentityServer::admin()), "4", 15);
        assertRefused(getOn(portB, kRecent, IdentityServer::admin()), "4", 15);
    }

    void testRedisOutageFailsOpenThenLimitsResume()
    {
        RedisServer redis;
        IdentityServer server("ratelimit_redis_outage", {{"REDIS_URL", redis.url()},
                                                         {"AKASHI_RATE_LIMIT_QUERY_PER_MINUTE", "2"},
                                                         {"AKASHI_REDIS_RECONNECT_INTERVAL", "200ms"}});
        CPPUNIT_ASSERT_EQUAL(200, server.call("GET", kRecent, "", IdentityServer::admin()).status);
        CPPUNIT_ASSERT_EQUAL(200, server.call("GET", kRecent, "", IdentityServer::admin()).status);
        assertRefused(server.call("GET", kRecent, "", IdentityServer::admin()), "2", 30);

        redis.stop();
        for (int i = 0; i < 5; ++i)
        {
            const auto reply = server.call("GET", kRecent, "", IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status); // fail-open
        }
        CPPUNIT_ASSERT(server.process().waitForLog("rate limiter error, permitting request", std::chrono::seconds(10)));
        CPPUNIT_ASSERT(server.process().hasLogged("redis rate limiter unavailable, permitting requests"));

        // Redis back on the same port, empty: within a few reconnect intervals the class limit applies again.
        redis.start();
        bool refusedAgain = false;
        for (int i = 0; i < 100 && !refusedAgain; ++i)
        {
            refusedAgain = server.call("GET", kRecent, "", IdentityServer::admin()).status == 429;
            if (!refusedAgain)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_ASSERT(refusedAgain);
        CPPUNIT_ASSERT(server.process().hasLogged("redis rate limiter reconnected"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RateLimitApiTest);
} // namespace akashi::test
