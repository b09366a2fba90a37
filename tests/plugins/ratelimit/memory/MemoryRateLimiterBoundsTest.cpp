#include "mocks/RecordingHostLogger.h"
#include "plugins/ratelimit/memory/MemoryRateLimiter.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace akashi::plugins::ratelimit::memory
{
using akashi::plugin::StatusCode;
using akashi::ratelimit::RateLimitRule;

/// MemoryRateLimiter compiled into the test (to read bucketCount): memory stays bounded and concurrent
/// callers never over-admit.
class MemoryRateLimiterBoundsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MemoryRateLimiterBoundsTest);
    CPPUNIT_TEST(testFullBucketsAreDropped);
    CPPUNIT_TEST(testBucketsStillRefillingAreKept);
    CPPUNIT_TEST(testMaxBucketsCapsMemory);
    CPPUNIT_TEST(testConcurrentCallersShareOneBudgetExactly);
    CPPUNIT_TEST(testBadMaxBucketsFailsCreate);
    CPPUNIT_TEST_SUITE_END();

    static std::unique_ptr<MemoryRateLimiter> make(std::map<std::string, std::string> config)
    {
        static mocks::RecordingHostLogger logger;
        plugin::PluginContext context;
        context.config = std::move(config);
        context.logger = &logger;
        return std::make_unique<MemoryRateLimiter>(context);
    }

    /// One key per shard at least: enough distinct keys that every shard is swept on the next round.
    static void touchMany(MemoryRateLimiter& limiter, const std::string& prefix, int count, const RateLimitRule& rule)
    {
        for (int i = 0; i < count; ++i)
            CPPUNIT_ASSERT(limiter.acquire(prefix + std::to_string(i), rule).status.isOk());
    }

public:
    void testFullBucketsAreDropped()
    {
        auto limiter = make({{"idle_eviction_seconds", "1"}});
        // 1000 permits per second, burst 1: full again 1 ms after each take.
        const RateLimitRule fast{1000.0, 1};
        touchMany(*limiter, "old-", 200, fast);
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), limiter->bucketCount());
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        // Each new key sweeps its shard (the period has passed): the old, full buckets go.
        touchMany(*limiter, "new-", 200, fast);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(limiter->bucketCount()), limiter->bucketCount() <= 200 + 16);
        CPPUNIT_ASSERT(limiter->bucketCount() >= 200);
    }

    void testBucketsStillRefillingAreKept()
    {
        auto limiter = make({{"idle_eviction_seconds", "1"}});
        // One permit per 1000 s: after a take the bucket is not full for 1000 s, whatever the idle time.
        const RateLimitRule slow{0.001, 2};
        CPPUNIT_ASSERT(limiter->acquire("kept", slow).allowed);
        CPPUNIT_ASSERT(limiter->acquire("kept", slow).allowed);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        touchMany(*limiter, "other-", 100, slow);
        // Dropping it would hand the client a full bucket again.
        const auto decision = limiter->acquire("kept", slow);
        CPPUNIT_ASSERT(decision.status.isOk());
        CPPUNIT_ASSERT(!decision.allowed);
    }

    void testMaxBucketsCapsMemory()
    {
        auto limiter = make({{"max_buckets", "16"}});
        const RateLimitRule slow{0.001, 5};
        int refusedForSpace = 0;
        for (int i = 0; i < 200; ++i)
        {
            const auto decision = limiter->acquire("ip:" + std::to_string(i), slow);
            if (!decision.status.isOk())
            {
                ++refusedForSpace;
                CPPUNIT_ASSERT(decision.status.code == StatusCode::unavailable);
                CPPUNIT_ASSERT_EQUAL(std::string("memory rate limiter is full: max_buckets (16) keys are active"),
                                     decision.status.message);
            }
        }
        CPPUNIT_ASSERT(limiter->bucketCount() <= 16);
        CPPUNIT_ASSERT(refusedForSpace >= 200 - 16);
        // Keys already held keep their state.
        std::string held;
        for (int i = 0; i < 200 && held.empty(); ++i)
            if (limiter->acquire("ip:" + std::to_string(i), slow).status.isOk())
                held = "ip:" + std::to_string(i);
        CPPUNIT_ASSERT(!held.empty());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), limiter->acquire(held, slow).remaining);
    }

    void testConcurrentCallersShareOneBudgetExactly()
    {
        auto limiter = make({});
        const RateLimitRule rule{0.0, 1000};
        std::atomic<int> allowed{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 200; ++i)
                    if (limiter->acquire("shared", rule).allowed)
                        ++allowed;
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(1000, allowed.load());
    }

    void testBadMaxBucketsFailsCreate()
    {
        CPPUNIT_ASSERT_THROW_MESSAGE("15", make({{"max_buckets", "15"}}), std::invalid_argument);
        try
        {
            make({{"max_buckets", "lots"}});
            CPPUNIT_FAIL("max_buckets=lots accepted");
        }
        catch (const std::invalid_argument& e)
        {
            CPPUNIT_ASSERT_EQUAL(std::string("max_buckets: \"lots\" is not an integer"), std::string(e.what()));
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MemoryRateLimiterBoundsTest);
} // namespace akashi::plugins::ratelimit::memory
