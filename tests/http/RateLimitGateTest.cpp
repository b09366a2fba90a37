#include "http/HttpServer.h"
#include "http/RateLimitGate.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "mocks/FakeRateLimiter.h"
#include "support/HttpTestClient.h"
#include "telemetry/MetricsRegistry.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <cppunit/extensions/HelperMacros.h>

#include <mutex>
#include <string>
#include <vector>

namespace akashi::http
{
namespace
{
/// Keeps the text of every message logged to one Poco logger.
class RecordingChannel final : public Poco::Channel
{
public:
    void log(const Poco::Message& message) override
    {
        std::lock_guard lock(_mutex);
        _texts.push_back(message.getText());
    }
    std::size_t count(const std::string& text) const
    {
        std::lock_guard lock(_mutex);
        std::size_t n = 0;
        for (const auto& t : _texts)
            n += t == text ? 1 : 0;
        return n;
    }

private:
    mutable std::mutex _mutex;
    std::vector<std::string> _texts;
};

class OkHandler final : public RouteHandler
{
public:
    void handle(RequestContext& context, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override
    {
        ResponseWriter::writeData(response, context, 200, std::string("ok"));
    }
};

auth::Principal principal(const std::string& agentId, auth::Role role)
{
    auth::Principal p;
    p.agentUuid = "11111111-1111-1111-1111-111111111111";
    p.agentId = agentId;
    p.orgId = "00000000-0000-0000-0000-0000000000aa";
    p.role = role;
    return p;
}
} // namespace

/// RateLimitGate with FakeRateLimiter (each key gets `burst` permits, never refilled): which buckets a
/// request draws on, how their answers combine, fail-open; then the headers and the 429 on the wire.
class RateLimitGateTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RateLimitGateTest);
    CPPUNIT_TEST(testAuthClassIsKeyedByIp);
    CPPUNIT_TEST(testClassThenGlobalBucket);
    CPPUNIT_TEST(testClassRefusalSparesTheGlobalBucket);
    CPPUNIT_TEST(testGlobalRefusalAfterClassAllowed);
    CPPUNIT_TEST(testGeneralRoutesUseOnlyTheGlobalBucket);
    CPPUNIT_TEST(testPlatformAdminIsExemptAdminIsNot);
    CPPUNIT_TEST(testNothingConsultedWhenDisabledUnlimitedOrAnonymous);
    CPPUNIT_TEST(testClassWithoutBudget);
    CPPUNIT_TEST(testRetryAfterRoundsUpToWholeSeconds);
    CPPUNIT_TEST(testLimiterErrorFailsOpenCountedAndThrottled);
    CPPUNIT_TEST(testOneBucketFailingStillGivesTheOthersHeaders);
    CPPUNIT_TEST(testHeadersAnd429OnTheWire);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kSubject = "org:00000000-0000-0000-0000-0000000000aa:agent:";

    std::shared_ptr<mocks::FakeRateLimiter> _limiter;
    Poco::AutoPtr<RecordingChannel> _channel;
    Poco::Logger* _log = nullptr;

    static RateLimitSettings settings()
    {
        RateLimitSettings s;
        s.global = {100.0, 5};
        s.classes = {{RateLimitClass::auth, RateLimitSettings::perMinute(2)},
                     {RateLimitClass::ingest, RateLimitSettings::perMinute(3)},
                     {RateLimitClass::query, RateLimitSettings::perMinute(10)},
                     {RateLimitClass::search, RateLimitSettings::perMinute(1)}};
        return s;
    }

    RateLimitGate gate(RateLimitSettings s = settings()) { return RateLimitGate(std::move(s), _limiter, *_log); }

public:
    void setUp() override
    {
        _limiter = std::make_shared<mocks::FakeRateLimiter>();
        _channel = new RecordingChannel;
        _log = &Poco::Logger::get("ratelimit.test");
        _log->setChannel(_channel);
        _log->setLevel(Poco::Message::PRIO_DEBUG);
    }

    void testAuthClassIsKeyedByIp()
    {
        auto g = gate();
        for (std::uint64_t remaining : {1u, 0u})
        {
            const auto verdict = g.check(RateLimitClass::auth, nullptr, "203.0.113.7");
            CPPUNIT_ASSERT(verdict.limited && verdict.allowed);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), verdict.limit);
            CPPUNIT_ASSERT_EQUAL(remaining, verdict.remaining);
            CPPUNIT_ASSERT_EQUAL(std::string("auth"), verdict.bucket);
        }
        const auto refused = g.check(RateLimitClass::auth, nullptr, "203.0.113.7");
        CPPUNIT_ASSERT(refused.limited && !refused.allowed);
        CPPUNIT_ASSERT(g.check(RateLimitClass::auth, nullptr, "203.0.113.8").allowed);
        // The principal plays no part: auth limits apply to everyone, platform_admin included.
        const auto admin = principal("root", auth::Role::platformAdmin);
        CPPUNIT_ASSERT(!g.check(RateLimitClass::auth, &admin, "203.0.113.7").allowed);
        CPPUNIT_ASSERT(_limiter->keys() == (std::vector<std::string>{"auth:ip:203.0.113.7", "auth:ip:203.0.113.7",
                                                                     "auth:ip:203.0.113.7", "auth:ip:203.0.113.8",
                                                                     "auth:ip:203.0.113.7"}));
    }

    void testClassThenGlobalBucket()
    {
        auto g = gate();
        const auto agent = principal("agent-a", auth::Role::agent);
        const auto verdict = g.check(RateLimitClass::query, &agent, "");
        CPPUNIT_ASSERT(verdict.limited && verdict.allowed);
        CPPUNIT_ASSERT(_limiter->keys() ==
                       (std::vector<std::string>{std::string("query:") + kSubject + "agent-a", kSubject + std::string("agent-a")}));
        // query has 9 of 10 left, global 4 of 5: the headers describe the bucket closer to refusing.
        CPPUNIT_ASSERT_EQUAL(std::string("global"), verdict.bucket);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(5), verdict.limit);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), verdict.remaining);
        CPPUNIT_ASSERT_EQUAL(kSubject + std::string("agent-a"), verdict.key);

        const auto ingest = g.check(RateLimitClass::ingest, &agent, "");
        CPPUNIT_ASSERT_EQUAL(std::string("ingest"), ingest.bucket); // 2 of 3 left beats 3 of 5
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), ingest.remaining);
    }

    void testClassRefusalSparesTheGlobalBucket()
    {
        auto g = gate();
        const auto agent = principal("agent-a", auth::Role::agent);
        CPPUNIT_ASSERT(g.check(RateLimitClass::search, &agent, "").allowed);
        const std::size_t before = _limiter->keys().size();
        const auto refused = g.check(RateLimitClass::search, &agent, "");
        CPPUNIT_ASSERT(refused.limited && !refused.allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("search"), refused.bucket);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), refused.limit);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), refused.remaining);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), refused.retryAfterSeconds);
        CPPUNIT_ASSERT_EQUAL(before + 1, _limiter->keys().size()); // the global bucket was not asked
        // The global bucket still has 4 of 5.
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), g.check(RateLimitClass::general, &agent, "").remaining);
    }

    void testGlobalRefusalAfterClassAllowed()
    {
        auto g = gate();
        const auto agent = principal("agent-b", auth::Role::agent);
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT(g.check(RateLimitClass::query, &agent, "").allowed);
        const auto refused = g.check(RateLimitClass::query, &agent, "");
        CPPUNIT_ASSERT(!refused.allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("global"), refused.bucket);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(5), refused.limit);
        // Another class of the same agent draws on the same global bucket.
        CPPUNIT_ASSERT(!g.check(RateLimitClass::ingest, &agent, "").allowed);
        // Another agent has its own.
        const auto other = principal("agent-c", auth::Role::agent);
        CPPUNIT_ASSERT(g.check(RateLimitClass::query, &other, "").allowed);
    }

    void testGeneralRoutesUseOnlyTheGlobalBucket()
    {
        auto g = gate();
        const auto agent = principal("agent-a", auth::Role::admin);
        const auto verdict = g.check(RateLimitClass::general, &agent, "");
        CPPUNIT_ASSERT(verdict.limited && verdict.allowed);
        CPPUNIT_ASSERT(_limiter->keys() == (std::vector<std::string>{kSubject + std::string("agent-a")}));
    }

    void testPlatformAdminIsExemptAdminIsNot()
    {
        auto g = gate();
        const auto root = principal("root", auth::Role::platformAdmin);
        for (auto limitClass : {RateLimitClass::ingest, RateLimitClass::query, RateLimitClass::search, RateLimitClass::general})
            CPPUNIT_ASSERT(!g.check(limitClass, &root, "").limited);
        CPPUNIT_ASSERT(_limiter->keys().empty());
        for (auto role : {auth::Role::reader, auth::Role::agent, auth::Role::admin, auth::Role::orgOwner})
        {
            const auto p = principal("p", role);
            CPPUNIT_ASSERT(g.check(RateLimitClass::general, &p, "").limited);
        }
    }

    void testNothingConsultedWhenDisabledUnlimitedOrAnonymous()
    {
        auto disabledSettings = settings();
        disabledSettings.enabled = false;
        auto disabled = gate(disabledSettings);
        const auto agent = principal("agent-a", auth::Role::agent);
        CPPUNIT_ASSERT(!disabled.check(RateLimitClass::query, &agent, "").limited);
        CPPUNIT_ASSERT(!disabled.check(RateLimitClass::auth, nullptr, "203.0.113.7").limited);
        auto g = gate();
        CPPUNIT_ASSERT(!g.check(RateLimitClass::unlimited, &agent, "203.0.113.7").limited);
        CPPUNIT_ASSERT(!g.check(RateLimitClass::query, nullptr, "203.0.113.7").limited);
        CPPUNIT_ASSERT(_limiter->keys().empty());
    }

    void testClassWithoutBudget()
    {
        auto s = settings();
        s.classes.erase(RateLimitClass::auth);
        s.classes.erase(RateLimitClass::search);
        auto g = gate(s);
        CPPUNIT_ASSERT(!g.check(RateLimitClass::auth, nullptr, "203.0.113.7").limited);
        const auto agent = principal("agent-a", auth::Role::agent);
        CPPUNIT_ASSERT_EQUAL(std::string("global"), g.check(RateLimitClass::search, &agent, "").bucket);
        CPPUNIT_ASSERT(_limiter->keys() == (std::vector<std::string>{kSubject + std::string("agent-a")}));
    }

    void testRetryAfterRoundsUpToWholeSeconds()
    {
        const struct
        {
            std::uint64_t retryAfterMs;
            std::uint64_t seconds;
        } cases[] = {{0, 1}, {1, 1}, {1000, 1}, {1001, 2}, {59500, 60}};
        auto g = gate();
        int host = 0;
        for (const auto& c : cases)
        {
            _limiter->setRetryAfterMs(c.retryAfterMs);
            const std::string ip = "198.51.100." + std::to_string(++host);
            g.check(RateLimitClass::auth, nullptr, ip);
            g.check(RateLimitClass::auth, nullptr, ip);
            const auto refused = g.check(RateLimitClass::auth, nullptr, ip);
            CPPUNIT_ASSERT(!refused.allowed);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(c.retryAfterMs), c.seconds, refused.retryAfterSeconds);
        }
    }

    void testLimiterErrorFailsOpenCountedAndThrottled()
    {
        auto& errors = telemetry::MetricsRegistry::global().counter(
            "akashi.ratelimit.errors", "Rate limiter calls that failed; each such request was permitted (fail-open).",
            "{error}");
        const std::uint64_t before = errors.value();
        _limiter->failWith(plugin::Status::failure(plugin::StatusCode::unavailable, "redis: connection refused"));
        auto g = gate();
        const auto agent = principal("agent-a", auth::Role::agent);
        for (int i = 0; i < 10; ++i)
        {
            const auto verdict = g.check(RateLimitClass::query, &agent, "");
            CPPUNIT_ASSERT(verdict.allowed);
            CPPUNIT_ASSERT(!verdict.limited); // nothing known: no headers
        }
        // Both buckets of each of the 10 requests failed: 20 counted, one line (the interval is 5 s).
        CPPUNIT_ASSERT_EQUAL(before + 20, errors.value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _channel->count("rate limiter error, permitting request"));

        _limiter->failWith(plugin::Status::success());
        CPPUNIT_ASSERT(g.check(RateLimitClass::query, &agent, "").limited);
        CPPUNIT_ASSERT_EQUAL(before + 20, errors.value());
    }

    void testOneBucketFailingStillGivesTheOthersHeaders()
    {
        // A limiter that fails only for class keys.
        class ClassKeysFail final : public ratelimit::RateLimiter
        {
        public:
            ratelimit::RateLimitDecision acquire(const std::string& key, const ratelimit::RateLimitRule& rule) noexcept override
            {
                ratelimit::RateLimitDecision decision;
                if (key.rfind("org:", 0) != 0)
                    decision.status = plugin::Status::failure(plugin::StatusCode::unavailable, "down");
                decision.limit = rule.burst;
                decision.remaining = 7;
                return decision;
            }
        };
        RateLimitGate g(settings(), std::make_shared<ClassKeysFail>(), *_log);
        const auto agent = principal("agent-a", auth::Role::agent);
        const auto verdict = g.check(RateLimitClass::ingest, &agent, "");
        CPPUNIT_ASSERT(verdict.limited && verdict.allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("global"), verdict.bucket);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(7), verdict.remaining);
    }

    void testHeadersAnd429OnTheWire()
    {
        auto table = std::make_shared<DispatchTable>();
        table->router.add("GET", "/health", std::make_shared<OkHandler>());
        table->router.add("GET", "/v1/decisions/recent", std::make_shared<OkHandler>());
        table->router.add("POST", "/auth/token", std::make_shared<OkHandler>());
        table->authenticate = [](const Poco::Net::HTTPServerRequest&) { return principal("agent-a", auth::Role::agent); };
        _limiter->setResetUnixSeconds(1700000000);
        _limiter->setRetryAfterMs(2500);
        table->rateLimit = std::make_shared<const RateLimitGate>(settings(), _limiter, *_log);
        HttpSettings httpSettings;
        httpSettings.address = "127.0.0.1";
        httpSettings.port = 0;
        HttpServer server(httpSettings, table);
        server.start();
        test::HttpTestClient client(server.port());

        const auto health = client.get("/health");
        CPPUNIT_ASSERT_EQUAL(200, health.status);
        CPPUNIT_ASSERT(!health.headers.has("X-RateLimit-Limit"));

        for (const char* remaining : {"4", "3", "2", "1", "0"})
        {
            const auto ok = client.get("/v1/decisions/recent");
            CPPUNIT_ASSERT_EQUAL(200, ok.status);
            CPPUNIT_ASSERT_EQUAL(std::string("5"), ok.headers.get("X-RateLimit-Limit"));
            CPPUNIT_ASSERT_EQUAL(std::string(remaining), ok.headers.get("X-RateLimit-Remaining"));
            CPPUNIT_ASSERT_EQUAL(std::string("1700000000"), ok.headers.get("X-RateLimit-Reset"));
            CPPUNIT_ASSERT(!ok.headers.has("Retry-After"));
        }
        const auto refused = client.get("/v1/decisions/recent");
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("3"), refused.headers.get("Retry-After"));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), refused.headers.get("X-RateLimit-Limit"));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), refused.headers.get("X-RateLimit-Remaining"));
        CPPUNIT_ASSERT_EQUAL(std::string("1700000000"), refused.headers.get("X-RateLimit-Reset"));
        const auto error = refused.json()->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("RATE_LIMITED"), error->getValue<std::string>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("rate limit exceeded"), error->getValue<std::string>("message"));
        CPPUNIT_ASSERT(!refused.headers.get("X-Request-ID", "").empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _channel->count("rate limit exceeded"));

        // The auth class counts the socket peer (no trusted proxy), whatever X-Forwarded-For says.
        Poco::Net::NameValueCollection forwarded;
        forwarded.set("X-Forwarded-For", "203.0.113.9");
        CPPUNIT_ASSERT_EQUAL(200, client.request("POST", "/auth/token", "{}", forwarded).status);
        CPPUNIT_ASSERT_EQUAL(std::string("auth:ip:127.0.0.1"), _limiter->keys().back());
        server.stop(std::chrono::milliseconds(2000));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RateLimitGateTest);
} // namespace akashi::http
