#include "mocks/FakeExporter.h"
#include "telemetry/RequestTelemetry.h"
#include "telemetry/SpanQueue.h"
#include "telemetry/TelemetryPipeline.h"

#include "common/Exception.h"

#include <Poco/Logger.h>

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

namespace akashi::telemetry
{
class TelemetryPipelineTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TelemetryPipelineTest);
    CPPUNIT_TEST(testSpansAndMetricsReachPushExporters);
    CPPUNIT_TEST(testAFullBatchIsSentBeforeTheInterval);
    CPPUNIT_TEST(testExporterRefusingSpansMeansNoTracing);
    CPPUNIT_TEST(testScrapeFeedsFreshMetricsToThePullExporterOnly);
    CPPUNIT_TEST(testNoScrapeExporterMeansNoScrape);
    CPPUNIT_TEST(testStopExportsWhatIsPendingAndFlushes);
    CPPUNIT_TEST(testFailingExporterDoesNotStopTheOthers);
    CPPUNIT_TEST_SUITE_END();

    using Fake = mocks::FakeExporter;

    MetricsRegistry _registry;

    static TelemetryPipeline::Settings settings(std::chrono::milliseconds spans, std::chrono::milliseconds metrics)
    {
        TelemetryPipeline::Settings s;
        s.spanInterval = spans;
        s.metricInterval = metrics;
        s.spanQueueSize = 100;
        s.spanBatchSize = 10;
        s.flushTimeout = std::chrono::milliseconds(1234);
        return s;
    }

    static Span span(const std::string& name)
    {
        Span s;
        s.name = name;
        return s;
    }

    /// Polls `done` for up to 20 s (the pipeline's thread works on its own schedule).
    template <typename Predicate>
    static bool eventually(Predicate done)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!done())
        {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }

    static bool hasMetric(const std::vector<MetricPoint>& points, const std::string& name)
    {
        for (const auto& p : points)
            if (p.name == name)
                return true;
        return false;
    }

    static Poco::Logger& log() { return Poco::Logger::get("telemetry-test"); }

public:
    void testSpansAndMetricsReachPushExporters()
    {
        auto a = std::make_shared<Fake>();
        auto b = std::make_shared<Fake>();
        _registry.gauge("akashi.buffer.depth", "depth", "1").set(3);
        TelemetryPipeline pipeline(settings(std::chrono::milliseconds(20), std::chrono::milliseconds(20)), {a, b},
                                   {"a", "b"}, _registry, log());
        CPPUNIT_ASSERT(pipeline.spanQueue());
        pipeline.start();
        pipeline.spanQueue()->push(span("GET /health"));
        CPPUNIT_ASSERT(eventually([&] { return a->spans().size() == 1 && b->spans().size() == 1; }));
        CPPUNIT_ASSERT_EQUAL(std::string("GET /health"), a->spans().front().name);
        CPPUNIT_ASSERT(eventually([&] { return hasMetric(a->metrics(), "akashi.buffer.depth") && hasMetric(b->metrics(), "akashi.buffer.depth"); }));
        pipeline.stop();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), a->spans().size()); // each span exported once
    }

    void testAFullBatchIsSentBeforeTheInterval()
    {
        auto a = std::make_shared<Fake>();
        TelemetryPipeline pipeline(settings(std::chrono::hours(1), std::chrono::hours(1)), {a}, {"a"}, _registry, log());
        pipeline.start();
        for (int i = 0; i < 9; ++i)
            pipeline.spanQueue()->push(span("s"));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CPPUNIT_ASSERT(a->spans().empty()); // below the batch size, the hour is not up
        pipeline.spanQueue()->push(span("s"));
        CPPUNIT_ASSERT(eventually([&] { return a->spans().size() == 10; }));
    }

    void testExporterRefusingSpansMeansNoTracing()
    {
        auto metricsOnly = std::make_shared<Fake>();
        metricsOnly->refuseSpans();
        TelemetryPipeline pipeline(settings(std::chrono::milliseconds(20), std::chrono::milliseconds(20)), {metricsOnly},
                                   {"m"}, _registry, log());
        CPPUNIT_ASSERT(!pipeline.spanQueue());
        CPPUNIT_ASSERT(!RequestTelemetry(_registry, pipeline.spanQueue()).tracing());
        _registry.counter("c", "c", "1").add();
        pipeline.start();
        CPPUNIT_ASSERT(eventually([&] { return hasMetric(metricsOnly->metrics(), "c"); }));
    }

    void testScrapeFeedsFreshMetricsToThePullExporterOnly()
    {
        auto push = std::make_shared<Fake>();
        auto pull = std::make_shared<Fake>();
        pull->setScrapeBody("text/plain; version=0.0.4", "rendered\n");
        TelemetryPipeline pipeline(settings(std::chrono::hours(1), std::chrono::hours(1)), {push, pull},
                                   {"push", "pull"}, _registry, log());
        CPPUNIT_ASSERT(pipeline.scrapable());
        auto& gauge = _registry.gauge("akashi.buffer.depth", "depth", "1");
        int collected = 0;
        auto registration = _registry.addCollector([&collected, &gauge](MetricsRegistry&) { gauge.set(++collected); });
        const MetricsScrape scrape = pipeline.scrape();
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4"), scrape.contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("rendered\n"), scrape.body);
        // The pull exporter was handed a collect made for this scrape (the collector ran for it)...
        CPPUNIT_ASSERT_EQUAL(1, collected);
        const auto fed = pull->metrics();
        CPPUNIT_ASSERT(hasMetric(fed, "akashi.buffer.depth"));
        // ... and the push exporter nothing: its interval is an hour away.
        CPPUNIT_ASSERT(push->metrics().empty());
        pipeline.scrape();
        CPPUNIT_ASSERT_EQUAL(2, collected);
    }

    void testNoScrapeExporterMeansNoScrape()
    {
        TelemetryPipeline pipeline(settings(std::chrono::hours(1), std::chrono::hours(1)), {std::make_shared<Fake>()},
                                   {"a"}, _registry, log());
        CPPUNIT_ASSERT(!pipeline.scrapable());
        try
        {
            pipeline.scrape();
            CPPUNIT_FAIL("scrape without a scrape exporter");
        }
        catch (const Exception& e)
        {
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::notFound);
        }
        TelemetryPipeline none(settings(std::chrono::hours(1), std::chrono::hours(1)), {}, {}, _registry, log());
        CPPUNIT_ASSERT(!none.scrapable());
        CPPUNIT_ASSERT(!none.spanQueue());
        none.start();
        none.stop();
    }

    void testStopExportsWhatIsPendingAndFlushes()
    {
        auto a = std::make_shared<Fake>();
        TelemetryPipeline pipeline(settings(std::chrono::hours(1), std::chrono::hours(1)), {a}, {"a"}, _registry, log());
        pipeline.start();
        pipeline.spanQueue()->push(span("last words"));
        _registry.counter("c", "c", "1").add(7);
        pipeline.stop();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), a->spans().size());
        CPPUNIT_ASSERT(hasMetric(a->metrics(), "c"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), a->flushCount());
        CPPUNIT_ASSERT(a->lastFlushTimeout() && *a->lastFlushTimeout() <= std::chrono::milliseconds(1234));
        pipeline.stop(); // idempotent
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), a->flushCount());
    }

    void testFailingExporterDoesNotStopTheOthers()
    {
        auto failing = std::make_shared<Fake>();
        auto healthy = std::make_shared<Fake>();
        TelemetryPipeline pipeline(settings(std::chrono::milliseconds(10), std::chrono::hours(1)), {failing, healthy},
                                   {"failing", "healthy"}, _registry, log());
        failing->failExportsWith(plugin::Status::failure(plugin::StatusCode::unavailable, "collector down"));
        pipeline.start();
        pipeline.spanQueue()->push(span("one"));
        CPPUNIT_ASSERT(eventually([&] { return healthy->spans().size() == 1; }));
        failing->failExportsWith(plugin::Status::success());
        pipeline.spanQueue()->push(span("two"));
        CPPUNIT_ASSERT(eventually([&] { return failing->spans().size() == 1 && healthy->spans().size() == 2; }));
        CPPUNIT_ASSERT_EQUAL(std::string("two"), failing->spans().front().name); // "one" was refused, not replayed
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TelemetryPipelineTest);
} // namespace akashi::telemetry
