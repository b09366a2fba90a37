#include "telemetry/MetricsRegistry.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

namespace akashi::telemetry
{
class MetricsRegistryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MetricsRegistryTest);
    CPPUNIT_TEST(testCounterGaugeHistogramAreCollected);
    CPPUNIT_TEST(testSeriesAreKeyedByNameAndAttributes);
    CPPUNIT_TEST(testSameNameWithAnotherTypeIsRefused);
    CPPUNIT_TEST(testConcurrentUpdatesAreCounted);
    CPPUNIT_TEST(testCollectorsRefreshBeforeEachCollect);
    CPPUNIT_TEST(testDestroyedRegistrationStopsItsCollector);
    CPPUNIT_TEST_SUITE_END();

    static const MetricPoint& find(const std::vector<MetricPoint>& points, const std::string& name)
    {
        for (const auto& p : points)
            if (p.name == name)
                return p;
        CPPUNIT_FAIL("no metric " + name);
        throw;
    }

public:
    void testCounterGaugeHistogramAreCollected()
    {
        MetricsRegistry registry;
        registry.counter("akashi.conflicts.detected", "Conflicts stored", "1").add(3);
        registry.gauge("akashi.outbox.depth", "Outbox entries", "1").set(42);
        auto& h = registry.histogram("akashi.search.duration", "Search time", "ms", {}, {10, 100});
        h.record(5);
        h.record(10); // an upper bound is inclusive
        h.record(50);
        h.record(500);
        const auto points = registry.collect();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), points.size());
        const auto& counter = find(points, "akashi.conflicts.detected");
        CPPUNIT_ASSERT(counter.type == MetricType::counter);
        CPPUNIT_ASSERT_EQUAL(3.0, counter.value);
        CPPUNIT_ASSERT(counter.startUnixNanos > 0 && counter.timeUnixNanos >= counter.startUnixNanos);
        CPPUNIT_ASSERT_EQUAL(42.0, find(points, "akashi.outbox.depth").value);
        const auto& histogram = find(points, "akashi.search.duration");
        CPPUNIT_ASSERT(histogram.type == MetricType::histogram);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), histogram.count);
        CPPUNIT_ASSERT_EQUAL(565.0, histogram.value);
        CPPUNIT_ASSERT(histogram.bucketCounts == (std::vector<std::uint64_t>{2, 1, 1}));
        CPPUNIT_ASSERT_EQUAL(std::string("ms"), histogram.unit);
    }

    void testSeriesAreKeyedByNameAndAttributes()
    {
        MetricsRegistry registry;
        auto& semantic = registry.histogram("akashi.search.duration", "Search time", "ms", {{"mode", std::string("semantic")}});
        auto& text = registry.histogram("akashi.search.duration", "Search time", "ms", {{"mode", std::string("text")}});
        CPPUNIT_ASSERT(&semantic != &text);
        CPPUNIT_ASSERT(&semantic ==
                       &registry.histogram("akashi.search.duration", "Search time", "ms", {{"mode", std::string("semantic")}}));
        semantic.record(1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), registry.collect().size());
    }

    void testSameNameWithAnotherTypeIsRefused()
    {
        MetricsRegistry registry;
        registry.counter("akashi.x", "x", "1");
        CPPUNIT_ASSERT_THROW(registry.gauge("akashi.x", "x", "1"), std::exception);
    }

    void testConcurrentUpdatesAreCounted()
    {
        MetricsRegistry registry;
        auto& counter = registry.counter("akashi.c", "c", "1");
        auto& histogram = registry.histogram("akashi.h", "h", "ms");
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 1000; ++i)
                {
                    counter.add();
                    histogram.record(i % 20);
                }
            });
        for (auto& t : threads)
            t.join();
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4000), counter.value());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4000), find(registry.collect(), "akashi.h").count);
    }

    void testCollectorsRefreshBeforeEachCollect()
    {
        MetricsRegistry registry;
        int depth = 4;
        auto registration = registry.addCollector(
            [&depth](MetricsRegistry& r) { r.gauge("akashi.buffer.depth", "Events buffered", "1").set(depth); });
        CPPUNIT_ASSERT_EQUAL(4.0, find(registry.collect(), "akashi.buffer.depth").value);
        depth = 9;
        CPPUNIT_ASSERT_EQUAL(9.0, find(registry.collect(), "akashi.buffer.depth").value);
    }

    void testDestroyedRegistrationStopsItsCollector()
    {
        MetricsRegistry registry;
        int runs = 0;
        {
            auto registration = registry.addCollector([&runs](MetricsRegistry&) { ++runs; });
            registry.collect();
            auto moved = std::move(registration); // moving keeps one registration, not two
            registry.collect();
            CPPUNIT_ASSERT_EQUAL(2, runs);
        }
        registry.collect();
        CPPUNIT_ASSERT_EQUAL(2, runs);
        MetricsRegistry::Registration reassigned = registry.addCollector([&runs](MetricsRegistry&) { runs += 10; });
        reassigned = registry.addCollector([&runs](MetricsRegistry&) { runs += 100; }); // the first is released
        registry.collect();
        CPPUNIT_ASSERT_EQUAL(102, runs);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MetricsRegistryTest);
} // namespace akashi::telemetry
