#include "plugins/PluginInstance.h"
#include "plugins/ratelimit/redis/GcraScript.h"
#include "support/RedisServer.h"

#include <akashi/ratelimit/RateLimiter.h>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>

namespace akashi::plugins::ratelimit::redis
{
using akashi::plugin::StatusCode;
using akashi::ratelimit::RateLimiter;
using akashi::ratelimit::RateLimitRule;
using test::RedisServer;

/// ratelimit-redis.so through its descriptor, against a private redis-server (support/RedisServer).
/// Rules refill slowly (one permit per 100 s) so each decision is exact whatever the test's speed.
class RedisRateLimiterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RedisRateLimiterTest);
    CPPUNIT_TEST(testBurstThenRefusalWithRetryAfter);
    CPPUNIT_TEST(testKeysArePrefixedAndExpire);
    CPPUNIT_TEST(testTwoInstancesShareTheBudget);
    CPPUNIT_TEST(testKeysAndPrefixesAreIsolated);
    CPPUNIT_TEST(testRefillFollowsTheRate);
    CPPUNIT_TEST(testScriptCacheFlushFallsBackToEval);
    CPPUNIT_TEST(testUnixSocketAndDatabase);
    CPPUNIT_TEST(testPasswordIsSentAndNeverReported);
    CPPUNIT_TEST(testKilledRedisFailsFastThenLimitsResume);
    CPPUNIT_TEST(testReconnectAttemptsArePaced);
    CPPUNIT_TEST(testEveryConnectionFromBeforeARestartIsDropped);
    CPPUNIT_TEST(testUnreachableAtStartIsNotACreateError);
    CPPUNIT_TEST(testInvalidRuleIsRejected);
    CPPUNIT_TEST(testBadConfigFailsCreate);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<RateLimiter>;
    static constexpr RateLimitRule kSlowRule{0.01, 3};

    static std::int64_t unixSeconds()
    {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    /// A plain client on the same server, to look at what the plugin wrote.
    static std::unique_ptr<Poco::Redis::Client> direct(const RedisServer& server)
    {
        return std::make_unique<Poco::Redis::Client>(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    }

    static Poco::Redis::Array command(std::initializer_list<std::string> words)
    {
        Poco::Redis::Array array;
        for (const auto& word : words)
            array.add(word);
        return array;
    }

    /// The permits `limiter` grants `key` under `rule` before the first refusal (at most `cap` asked).
    static int grantedUntilRefused(Instance& limiter, const std::string& key, const RateLimitRule& rule, int cap = 50)
    {
        for (int granted = 0; granted < cap; ++granted)
        {
            const auto decision = limiter->acquire(key, rule);
            CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.isOk());
            if (!decision.allowed)
                return granted;
        }
        return cap;
    }

public:
    void testBurstThenRefusalWithRetryAfter()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis", {{"url", server.url()}});
        for (std::uint64_t expectedRemaining : {2u, 1u, 0u})
        {
            const auto decision = limiter->acquire("org:1:agent:a", kSlowRule);
            CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.isOk());
            CPPUNIT_ASSERT(decision.allowed);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), decision.limit);
            CPPUNIT_ASSERT_EQUAL(expectedRemaining, decision.remaining);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), decision.retryAfterMs);
        }
        const std::int64_t before = unixSeconds();
        const auto refused = limiter->acquire("org:1:agent:a", kSlowRule);
        const std::int64_t after = unixSeconds();
        CPPUNIT_ASSERT_MESSAGE(refused.status.message, refused.status.isOk());
        CPPUNIT_ASSERT(!refused.allowed);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), refused.limit);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), refused.remaining);
        // One permit per 100 s, three taken just now: the next in just under 100 s, full in just under 300 s.
        CPPUNIT_ASSERT(refused.retryAfterMs > 95000 && refused.retryAfterMs <= 100000);
        CPPUNIT_ASSERT(refused.resetUnixSeconds >= before + 290 && refused.resetUnixSeconds <= after + 301);
    }

    void testKeysArePrefixedAndExpire()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis", {{"url", server.url()}});
        CPPUNIT_ASSERT(limiter->acquire("ip:10.0.0.1", kSlowRule).allowed);
        auto client = direct(server);
        // The key expires when its bucket is full again: one permit taken = 100 s.
        const auto ttl = client->execute<Poco::Int64>(command({"PTTL", "akashi:rl:ip:10.0.0.1"}));
        CPPUNIT_ASSERT_MESSAGE(std::to_string(ttl), ttl > 95000 && ttl <= 100000);
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), client->execute<Poco::Int64>(command({"DBSIZE"})));
    }

    void testTwoInstancesShareTheBudget()
    {
        RedisServer server;
        Instance first("ratelimit", "redis", {{"url", server.url()}});
        Instance second("ratelimit", "redis", {{"url", server.url()}});
        const RateLimitRule rule{0.01, 4};
        int granted = 0;
        for (int i = 0; i < 8; ++i)
        {
            const auto decision = (i % 2 == 0 ? first : second)->acquire("org:1:agent:shared", rule);
            CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.isOk());
            granted += decision.allowed ? 1 : 0;
            CPPUNIT_ASSERT_EQUAL_MESSAGE("call " + std::to_string(i), i < 4, decision.allowed);
        }
        CPPUNIT_ASSERT_EQUAL(4, granted);
    }

    void testKeysAndPrefixesAreIsolated()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis", {{"url", server.url()}});
        Instance otherPrefix("ratelimit", "redis", {{"url", server.url()}, {"key_prefix", "other:"}});
        CPPUNIT_ASSERT_EQUAL(3, grantedUntilRefused(limiter, "key-a", kSlowRule));
        const auto other = limiter->acquire("key-b", kSlowRule);
        CPPUNIT_ASSERT(other.allowed);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), other.remaining);
        CPPUNIT_ASSERT_EQUAL(3, grantedUntilRefused(otherPrefix, "key-a", kSlowRule));
    }

    void testRefillFollowsTheRate()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis", {{"url", server.url()}});
        // 20 permits per second, burst 1: after a refusal, the next permit comes within 50 ms.
        const RateLimitRule rule{20.0, 1};
        CPPUNIT_ASSERT(limiter->acquire("fast", rule).allowed);
        auto refused = limiter->acquire("fast", rule);
        // The two calls may straddle a refill; then the third one is refused.
        if (refused.allowed)
            refused = limiter->acquire("fast", rule);
        CPPUNIT_ASSERT(!refused.allowed);
        CPPUNIT_ASSERT(refused.retryAfterMs >= 1 && refused.retryAfterMs <= 50);
        std::this_thread::sleep_for(std::chrono::milliseconds(refused.retryAfterMs + 5));
        const auto again = limiter->acquire("fast", rule);
        CPPUNIT_ASSERT_MESSAGE(again.status.message, again.status.isOk());
        CPPUNIT_ASSERT(again.allowed);
    }

    void testScriptCacheFlushFallsBackToEval()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis", {{"url", server.url()}});
        CPPUNIT_ASSERT(limiter->acquire("k", kSlowRule).allowed);
        auto client = direct(server);
        client->execute<std::string>(command({"SCRIPT", "FLUSH"}));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), client->execute<Poco::Redis::Array>(
                                                 command({"SCRIPT", "EXISTS", GcraScript::sha1()})).get<Poco::Int64>(0));
        const auto decision = limiter->acquire("k", kSlowRule);
        CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.isOk());
        CPPUNIT_ASSERT(decision.allowed);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), decision.remaining);
        // EVAL cached it again, under the SHA-1 that EVALSHA asks for.
        const auto exists = client->execute<Poco::Redis::Array>(command({"SCRIPT", "EXISTS", GcraScript::sha1()}));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), exists.get<Poco::Int64>(0));
    }

    void testUnixSocketAndDatabase()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis", {{"url", server.unixUrl(3)}});
        CPPUNIT_ASSERT_EQUAL(3, grantedUntilRefused(limiter, "unix-key", kSlowRule));
        auto client = direct(server);
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), client->execute<Poco::Int64>(command({"EXISTS", "akashi:rl:unix-key"})));
        client->execute<std::string>(command({"SELECT", "3"}));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), client->execute<Poco::Int64>(command({"EXISTS", "akashi:rl:unix-key"})));
    }

    void testPasswordIsSentAndNeverReported()
    {
        RedisServer server("s3cret-pass");
        Instance limiter("ratelimit", "redis", {{"url", server.url()}});
        const auto decision = limiter->acquire("k", kSlowRule);
        CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.isOk());

        const std::string wrongUrl = "redis://:wrong-pass@127.0.0.1:" + std::to_string(server.port()) + "/0";
        Instance wrong("ratelimit", "redis", {{"url", wrongUrl}});
        const auto refused = wrong->acquire("k", kSlowRule);
        CPPUNIT_ASSERT(refused.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_MESSAGE(refused.status.message, refused.status.message.find("redis") == 0);
        CPPUNIT_ASSERT_MESSAGE(refused.status.message, refused.status.message.find("wrong-pass") == std::string::npos);
        const auto lines = wrong.logger().linesWithMessage("redis rate limiter unavailable, permitting requests");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        const std::string error = lines.front().field("error").value_or("");
        CPPUNIT_ASSERT_MESSAGE(error, error.find("WRONGPASS") != std::string::npos);
        for (const auto& line : wrong.logger().lines())
            for (const auto& [name, value] : line.fields)
                CPPUNIT_ASSERT_MESSAGE(name + "=" + value, value.find("wrong-pass") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("redis://127.0.0.1:" + std::to_string(server.port()) + "/0"),
                             lines.front().field("url").value_or(""));
    }

    void testKilledRedisFailsFastThenLimitsResume()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis",
                         {{"url", server.url()}, {"reconnect_interval", "100ms"}, {"pool_size", "2"}});
        CPPUNIT_ASSERT_EQUAL(3, grantedUntilRefused(limiter, "k", kSlowRule));

        server.stop();
        // Every call returns (it must not hang on the dead server) with a status, permitting nothing itself.
        for (int i = 0; i < 20; ++i)
        {
            const auto decision = limiter->acquire("k", kSlowRule);
            CPPUNIT_ASSERT(decision.status.code == StatusCode::unavailable);
            CPPUNIT_ASSERT(!decision.status.message.empty());
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             limiter.logger().linesWithMessage("redis rate limiter unavailable, permitting requests").size());

        // Back, empty (no persistence): within a few reconnect intervals the limits apply again.
        server.start();
        bool answered = false;
        for (int i = 0; i < 200 && !answered; ++i)
        {
            answered = limiter->acquire("k", kSlowRule).status.isOk();
            if (!answered)
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        CPPUNIT_ASSERT(answered);
        CPPUNIT_ASSERT_EQUAL(2, grantedUntilRefused(limiter, "k", kSlowRule)); // one permit went to the probe
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), limiter.logger().linesWithMessage("redis rate limiter reconnected").size());
    }

    void testReconnectAttemptsArePaced()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis", {{"url", server.url()}, {"reconnect_interval", "60s"}, {"pool_size", "1"}});
        CPPUNIT_ASSERT(limiter->acquire("k", kSlowRule).status.isOk());
        server.stop();
        CPPUNIT_ASSERT(!limiter->acquire("k", kSlowRule).status.isOk()); // the failure starts the pause
        server.start();
        // Redis answers again, but no attempt is made before the interval is over: each call fails at once.
        for (int i = 0; i < 5; ++i)
        {
            const auto decision = limiter->acquire("k", kSlowRule);
            CPPUNIT_ASSERT(decision.status.code == StatusCode::unavailable);
            CPPUNIT_ASSERT_EQUAL(std::string("redis: unavailable (" + server.url() +
                                             "), waiting before the next connection attempt"),
                                 decision.status.message);
        }
        CPPUNIT_ASSERT(limiter.logger().linesWithMessage("redis rate limiter reconnected").empty());
    }

    void testEveryConnectionFromBeforeARestartIsDropped()
    {
        RedisServer server;
        Instance limiter("ratelimit", "redis",
                         {{"url", server.url()}, {"reconnect_interval", "50ms"}, {"pool_size", "4"}});
        const RateLimitRule roomy{0.01, 1000};
        for (int i = 0; i < 8; ++i) // every slot gets its connection
            CPPUNIT_ASSERT(limiter->acquire("k", roomy).status.isOk());
        server.stop();
        server.start();
        // The first call finds its connection dead; the pool then drops the other three unused (each would
        // fail one more request), and the calls until the next attempt fail without touching the network.
        bool answered = false;
        int failedOnTheWire = 0;
        const std::string waiting = "redis: unavailable (" + server.url() + "), waiting before the next connection attempt";
        for (int i = 0; i < 200 && !answered; ++i)
        {
            const auto decision = limiter->acquire("k", roomy);
            answered = decision.status.isOk();
            if (answered)
                break;
            failedOnTheWire += decision.status.message == waiting ? 0 : 1;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CPPUNIT_ASSERT(answered);
        CPPUNIT_ASSERT_EQUAL(1, failedOnTheWire);
        for (int i = 0; i < 20; ++i)
        {
            const auto decision = limiter->acquire("k", roomy);
            CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.isOk());
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             limiter.logger().linesWithMessage("redis rate limiter unavailable, permitting requests").size());
    }

    void testUnreachableAtStartIsNotACreateError()
    {
        std::uint16_t port = 0;
        {
            RedisServer gone;
            port = gone.port();
        }
        Instance limiter("ratelimit", "redis", {{"url", "redis://127.0.0.1:" + std::to_string(port) + "/0"}});
        CPPUNIT_ASSERT(limiter.logger().waitForMessage("redis rate limiter unavailable, permitting requests",
                                                       std::chrono::milliseconds(0)));
        const auto decision = limiter->acquire("k", kSlowRule);
        CPPUNIT_ASSERT(decision.status.code == StatusCode::unavailable);
    }

    void testInvalidRuleIsRejected()
    {
        RedisServer server;
        const RateLimitRule rules[] = {{1.0, 0}, {0.0, 5}, {-1.0, 5}, {std::nan(""), 5}};
        Instance limiter("ratelimit", "redis", {{"url", server.url()}});
        for (const auto& rule : rules)
        {
            const auto decision = limiter->acquire("key", rule);
            CPPUNIT_ASSERT(decision.status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL(std::string("rule needs burst >= 1 and a finite rate > 0"), decision.status.message);
        }
        const auto tooSlow = limiter->acquire("key", {1e-6, 1000000});
        CPPUNIT_ASSERT(tooSlow.status.code == StatusCode::invalidArgument);
    }

    void testBadConfigFailsCreate()
    {
        const std::string url = "redis://127.0.0.1:1/0";
        const struct
        {
            std::map<std::string, std::string> config;
            std::string error;
        } cases[] = {
            {{}, "url: required (REDIS_URL), e.g. redis://[[user]:password@]host[:port][/db] or "
                 "unix://[[user]:password@]/path/redis.sock[?db=N]"},
            {{{"url", "http://localhost:6379"}}, "url: the scheme must be redis:// or unix://, not \"http\""},
            {{{"url", "rediss://localhost:6379"}},
             "url: rediss:// (TLS) is not supported; connect through a local TLS tunnel or a unix socket"},
            {{{"url", "redis://:pw@/0"}}, "url: no host, e.g. redis://localhost:6379/0"},
            {{{"url", "redis://localhost/x"}}, "url: the database must be a number from 0 to 65535, not \"x\""},
            {{{"url", "redis://localhost?db=1"}},
             "url: redis:// takes no parameters (the database is the path: redis://host:6379/2)"},
            {{{"url", "redis://user@localhost"}}, "url: the user info must be :password@ or user:password@"},
            {{{"url", "unix://host/x.sock"}}, "url: unix:// takes a socket path and no host, e.g. unix:///run/redis/redis.sock"},
            {{{"url", "unix:///x.sock?timeout=1"}}, "url: unknown parameter \"timeout\" (only db=N)"},
            {{{"url", url}, {"timeout", "0"}}, "timeout: 0 is not between 1ms and 10000ms"},
            {{{"url", url}, {"timeout", "fast"}}, "timeout: \"fast\" is not a duration (e.g. \"30s\", \"1h30m\")"},
            {{{"url", url}, {"reconnect_interval", "2m"}}, "reconnect_interval: 2m is not between 0ms and 60000ms"},
            {{{"url", url}, {"pool_size", "0"}}, "pool_size: 0 is not between 1 and 64"},
            {{{"url", url}, {"poolsize", "2"}}, "unknown configuration key \"poolsize\""},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL(c.error, Instance::createError("ratelimit", "redis", c.config));
        // A URL Poco cannot parse: the reason, never the text (it holds the password).
        const std::string error = Instance::createError("ratelimit", "redis", {{"url", "redis://:hunter2@host:99999"}});
        CPPUNIT_ASSERT_MESSAGE(error, error.rfind("url: not a valid URL", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("hunter2") == std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RedisRateLimiterTest);
} // namespace akashi::plugins::ratelimit::redis
