#include "telemetry/SpanQueue.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

namespace akashi::telemetry
{
class SpanQueueTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SpanQueueTest);
    CPPUNIT_TEST(testFullQueueDropsAndCounts);
    CPPUNIT_TEST(testDrainEmptiesInOrder);
    CPPUNIT_TEST(testBatchReadyFiresOncePerBatch);
    CPPUNIT_TEST(testConcurrentPushesNeverExceedTheCapacity);
    CPPUNIT_TEST_SUITE_END();

    static Span span(const std::string& name)
    {
        Span s;
        s.name = name;
        return s;
    }

public:
    void testFullQueueDropsAndCounts()
    {
        MetricsRegistry registry;
        Counter& dropped = registry.counter("akashi.telemetry.dropped_spans", "dropped", "{span}");
        SpanQueue queue(2, 10, {}, dropped);
        CPPUNIT_ASSERT(queue.push(span("a")));
        CPPUNIT_ASSERT(queue.push(span("b")));
        CPPUNIT_ASSERT(!queue.push(span("c")));
        CPPUNIT_ASSERT(!queue.push(span("d")));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), queue.size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), dropped.value());
        queue.drain();
        CPPUNIT_ASSERT(queue.push(span("e"))); // room again once drained
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), dropped.value());
    }

    void testDrainEmptiesInOrder()
    {
        MetricsRegistry registry;
        SpanQueue queue(10, 10, {}, registry.counter("d", "d", "1"));
        CPPUNIT_ASSERT(queue.drain().empty());
        queue.push(span("first"));
        queue.push(span("second"));
        const auto spans = queue.drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), spans.size());
        CPPUNIT_ASSERT_EQUAL(std::string("first"), spans[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("second"), spans[1].name);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), queue.size());
    }

    void testBatchReadyFiresOncePerBatch()
    {
        MetricsRegistry registry;
        int calls = 0;
        SpanQueue queue(10, 3, [&calls] { ++calls; }, registry.counter("d", "d", "1"));
        queue.push(span("1"));
        queue.push(span("2"));
        CPPUNIT_ASSERT_EQUAL(0, calls);
        queue.push(span("3"));
        CPPUNIT_ASSERT_EQUAL(1, calls);
        queue.push(span("4")); // past the batch size: no new call until it is drained and refilled
        CPPUNIT_ASSERT_EQUAL(1, calls);
        queue.drain();
        queue.push(span("5"));
        queue.push(span("6"));
        queue.push(span("7"));
        CPPUNIT_ASSERT_EQUAL(2, calls);
    }

    void testConcurrentPushesNeverExceedTheCapacity()
    {
        MetricsRegistry registry;
        Counter& dropped = registry.counter("d", "d", "1");
        SpanQueue queue(100, 50, {}, dropped);
        std::atomic<int> accepted{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 100; ++i)
                    if (queue.push(span("s")))
                        ++accepted;
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(100, accepted.load());
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), queue.size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(300), dropped.value());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SpanQueueTest);
} // namespace akashi::telemetry
