#include "mocks/FakeEmbeddingProvider.h"
#include "mocks/FakeExporter.h"
#include "mocks/FakeNotifyTransport.h"
#include "mocks/FakeRateLimiter.h"
#include "mocks/RecordingHostLogger.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

namespace akashi::mocks
{
using akashi::plugin::Status;
using akashi::plugin::StatusCode;
using namespace std::chrono_literals;

/// The test doubles in tests/mocks/ behave as their comments promise; later suites rely on them.
/// One fixture for the five of them: each is a header of a few dozen lines with no plugin behind it.
class MocksTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MocksTest);
    CPPUNIT_TEST(testRecordingHostLogger);
    CPPUNIT_TEST(testRecordingHostLoggerWaitsForOtherThreads);
    CPPUNIT_TEST(testFakeEmbeddingProviderIsDeterministic);
    CPPUNIT_TEST(testFakeEmbeddingProviderFailures);
    CPPUNIT_TEST(testFakeRateLimiter);
    CPPUNIT_TEST(testFakeNotifyTransport);
    CPPUNIT_TEST(testFakeNotifyTransportValidationAndConnection);
    CPPUNIT_TEST(testFakeExporter);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRecordingHostLogger()
    {
        RecordingHostLogger logger;
        plugin::HostLogger& host = logger;
        host.log(plugin::LogLevel::info, "first", {{"key", "value"}});
        host.log(plugin::LogLevel::error, "second", {});
        host.log(plugin::LogLevel::info, "first", {{"key", "other"}});
        const auto lines = logger.lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lines.size());
        CPPUNIT_ASSERT(lines[1].level == plugin::LogLevel::error);
        CPPUNIT_ASSERT_EQUAL(std::string("second"), lines[1].message);
        CPPUNIT_ASSERT_EQUAL(std::string("value"), *lines[0].field("key"));
        CPPUNIT_ASSERT(!lines[1].field("key").has_value());
        const auto firsts = logger.linesWithMessage("first");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), firsts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("other"), *firsts[1].field("key"));
        CPPUNIT_ASSERT(!logger.waitForMessage("never logged", 0ms));
        logger.clear();
        CPPUNIT_ASSERT(logger.lines().empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), logger.dropped());
    }

    void testRecordingHostLoggerWaitsForOtherThreads()
    {
        RecordingHostLogger logger;
        std::jthread writer([&] { logger.log(plugin::LogLevel::warn, "from another thread", {}); });
        CPPUNIT_ASSERT(logger.waitForMessage("from another thread", 10s));
    }

    void testFakeEmbeddingProviderIsDeterministic()
    {
        FakeEmbeddingProvider provider(4, "fake-model", 3);
        CPPUNIT_ASSERT_EQUAL(std::string("fake-model"), provider.model());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), provider.dimensions());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), provider.maxBatchSize());

        const auto first = provider.embed({"alpha", "beta", "alpha"});
        CPPUNIT_ASSERT(first.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), first.vectors.size());
        CPPUNIT_ASSERT(first.vectors[0] == first.vectors[2]);
        CPPUNIT_ASSERT(first.vectors[0] != first.vectors[1]);
        CPPUNIT_ASSERT(first.vectors[0] == FakeEmbeddingProvider(4).vectorFor("alpha"));
        for (const auto& vector : first.vectors)
        {
            CPPUNIT_ASSERT_EQUAL(std::size_t(4), vector.size());
            double norm = 0;
            for (float component : vector)
                norm += static_cast<double>(component) * component;
            CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, std::sqrt(norm), 1e-6);
        }

        provider.setVector("pinned", {1, 0, 0, 0});
        CPPUNIT_ASSERT(provider.embed({"pinned"}).vectors[0] == std::vector<float>({1, 0, 0, 0}));
        CPPUNIT_ASSERT_THROW(provider.setVector("wrong", {1, 0}), std::invalid_argument);

        const auto calls = provider.calls();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), calls.size());
        CPPUNIT_ASSERT(calls[0] == std::vector<std::string>({"alpha", "beta", "alpha"}));
    }

    void testFakeEmbeddingProviderFailures()
    {
        FakeEmbeddingProvider provider(2, "fake", 2);
        const struct
        {
            std::vector<std::string> texts;
            const char* error;
        } cases[] = {
            {{"a", "b", "c"}, "batch of 3 texts exceeds 2"},
            {{"a", ""}, "text 1 is empty"},
        };
        for (const auto& c : cases)
        {
            const auto result = provider.embed(c.texts);
            CPPUNIT_ASSERT(result.status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL(std::string(c.error), result.status.message);
            CPPUNIT_ASSERT(result.vectors.empty());
        }

        provider.failNextCalls(Status::failure(StatusCode::rateLimited, "slow down", 1500), 2);
        for (int i = 0; i < 2; ++i)
        {
            const auto limited = provider.embed({"a"});
            CPPUNIT_ASSERT(limited.status.code == StatusCode::rateLimited);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(1500), limited.status.retryAfterMs);
            CPPUNIT_ASSERT(limited.vectors.empty());
        }
        CPPUNIT_ASSERT(provider.embed({"a"}).status.isOk());
        CPPUNIT_ASSERT_THROW(FakeEmbeddingProvider(0), std::invalid_argument);
    }

    void testFakeRateLimiter()
    {
        FakeRateLimiter limiter;
        limiter.setResetUnixSeconds(1700000000);
        const ratelimit::RateLimitRule rule{10.0, 2};
        const struct
        {
            bool allowed;
            std::uint64_t remaining;
            std::uint64_t retryAfterMs;
        } expected[] = {{true, 1, 0}, {true, 0, 0}, {false, 0, 1000}, {false, 0, 1000}};
        for (const auto& e : expected)
        {
            const auto decision = limiter.acquire("k", rule);
            CPPUNIT_ASSERT(decision.status.isOk());
            CPPUNIT_ASSERT_EQUAL(e.allowed, decision.allowed);
            CPPUNIT_ASSERT_EQUAL(e.remaining, decision.remaining);
            CPPUNIT_ASSERT_EQUAL(e.retryAfterMs, decision.retryAfterMs);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), decision.limit);
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1700000000), decision.resetUnixSeconds);
        }
        CPPUNIT_ASSERT(limiter.acquire("other", rule).allowed);
        limiter.reset("k");
        CPPUNIT_ASSERT(limiter.acquire("k", rule).allowed);
        limiter.setRetryAfterMs(250);
        limiter.acquire("k", rule);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(250), limiter.acquire("k", rule).retryAfterMs);

        limiter.failWith(Status::failure(StatusCode::unavailable, "backend down"));
        const auto failed = limiter.acquire("k", rule);
        CPPUNIT_ASSERT(failed.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT(failed.allowed); // the server fails open
        limiter.failWith(Status::success());
        CPPUNIT_ASSERT(limiter.acquire("new", rule).status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), limiter.keys().size());
        CPPUNIT_ASSERT_EQUAL(std::string("other"), limiter.keys()[4]);
    }

    void testFakeNotifyTransport()
    {
        FakeNotifyTransport transport;
        std::vector<std::string> first, second;
        std::uint64_t secondId = 0;
        const auto a = transport.subscribe("ch", [&](const std::string&, const std::string& payload) {
            first.push_back(payload);
            if (payload == "drop second")
                CPPUNIT_ASSERT(transport.unsubscribe(secondId).isOk());
        });
        CPPUNIT_ASSERT(a.status.isOk());
        CPPUNIT_ASSERT(transport.publish("ch", "before second").isOk());
        secondId = transport.subscribe("ch", [&](const std::string&, const std::string& p) { second.push_back(p); })
                       .subscriptionId;
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), transport.subscriberCount("ch"));
        CPPUNIT_ASSERT(transport.publish("ch", "m1").isOk());
        CPPUNIT_ASSERT(transport.publish("other", "elsewhere").isOk());
        CPPUNIT_ASSERT(first.empty()); // nothing until the test delivers
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), transport.pendingCount());

        CPPUNIT_ASSERT_EQUAL(std::size_t(3), transport.deliverPending());
        CPPUNIT_ASSERT(first == std::vector<std::string>({"before second", "m1"}));
        CPPUNIT_ASSERT(second == std::vector<std::string>({"m1"}));

        CPPUNIT_ASSERT(transport.publish("ch", "drop second").isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), transport.deliverPending());
        CPPUNIT_ASSERT(second == std::vector<std::string>({"m1"}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), transport.published().size());

        transport.failPublishWith(Status::failure(StatusCode::unavailable, "queue full"));
        CPPUNIT_ASSERT(transport.publish("ch", "refused").code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), transport.published().size());
        const Status unknown = transport.unsubscribe(secondId);
        CPPUNIT_ASSERT_EQUAL("unknown subscription id " + std::to_string(secondId), unknown.message);
    }

    void testFakeNotifyTransportValidationAndConnection()
    {
        FakeNotifyTransport transport(10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), transport.maxPayloadBytes());
        CPPUNIT_ASSERT_EQUAL(std::string("payload of 11 bytes exceeds the limit of 10 bytes"),
                             transport.publish("ch", std::string(11, 'x')).message);
        CPPUNIT_ASSERT_EQUAL(std::string("channel name is empty"), transport.publish("", "x").message);
        CPPUNIT_ASSERT_EQUAL(std::string("callback is empty"), transport.subscribe("ch", {}).status.message);

        std::vector<bool> changes;
        transport.onConnectionChange([&](bool connected) { changes.push_back(connected); });
        transport.setConnected(true); // already connected: no change
        transport.setConnected(false);
        transport.setConnected(false);
        transport.setConnected(true);
        CPPUNIT_ASSERT(changes == std::vector<bool>({false, true}));
        transport.onConnectionChange({});
        transport.setConnected(false);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), changes.size());
    }

    void testFakeExporter()
    {
        FakeExporter exporter;
        telemetry::Span span;
        span.name = "s";
        telemetry::MetricPoint point;
        point.name = "m";
        CPPUNIT_ASSERT(exporter.exportSpans({span, span}).isOk());
        CPPUNIT_ASSERT(exporter.exportMetrics({point}).isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), exporter.spans().size());
        CPPUNIT_ASSERT_EQUAL(std::string("m"), exporter.metrics()[0].name);

        CPPUNIT_ASSERT(!exporter.lastFlushTimeout().has_value());
        CPPUNIT_ASSERT(exporter.flush(250ms).isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), exporter.flushCount());
        CPPUNIT_ASSERT(exporter.lastFlushTimeout() == std::chrono::milliseconds(250));

        std::string contentType, body;
        const Status unsupported = exporter.scrape(contentType, body);
        CPPUNIT_ASSERT(unsupported.code == StatusCode::unsupported);
        CPPUNIT_ASSERT_EQUAL(std::string("fake exporter has no scrape body"), unsupported.message);
        exporter.setScrapeBody("text/plain; version=0.0.4", "m 1\n");
        CPPUNIT_ASSERT(exporter.scrape(contentType, body).isOk());
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4"), contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("m 1\n"), body);

        exporter.failExportsWith(Status::failure(StatusCode::unavailable, "collector down"));
        CPPUNIT_ASSERT(exporter.exportSpans({span}).code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), exporter.spans().size());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MocksTest);
} // namespace akashi::mocks
