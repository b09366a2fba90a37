#include "common/PeriodicTask.h"
#include "support/ExpectException.h"

#include <Poco/Logger.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace akashi
{
class PeriodicTaskTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PeriodicTaskTest);
    CPPUNIT_TEST(testRunsAtStartAndEveryInterval);
    CPPUNIT_TEST(testFailuresAreCountedAndTheLoopGoesOn);
    CPPUNIT_TEST(testStopInterruptsTheWait);
    CPPUNIT_TEST(testRunSoonStartsTheNextPassEarly);
    CPPUNIT_TEST(testIntervalMustBePositive);
    CPPUNIT_TEST(testBoundedStopInterruptsAnOverrunningPass);
    CPPUNIT_TEST(testBoundedStopOfAnIdleLoopNeverInterrupts);
    CPPUNIT_TEST(testBoundedStopWithoutTimeoutWaitsForThePass);
    CPPUNIT_TEST_SUITE_END();

    static void waitFor(const std::function<bool()>& condition)
    {
        for (int i = 0; i < 500 && !condition(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CPPUNIT_ASSERT(condition());
    }

    static Poco::Logger& logger() { return Poco::Logger::get("test.periodic"); }

    /// A task whose first pass runs until `release` is set (at the latest when this goes out of scope, so a
    /// failed assertion cannot leave the task's destructor waiting).
    struct BlockedPass
    {
        BlockedPass() { waitFor([this] { return started.load(); }); }
        ~BlockedPass() { release = true; }

        std::atomic<bool> started{false};
        std::atomic<bool> release{false};
        PeriodicTask task{"test interval", std::chrono::hours(1),
                          [this] {
                              started = true;
                              while (!release)
                                  std::this_thread::sleep_for(std::chrono::milliseconds(5));
                          },
                          logger(), "test failed"};
    };

public:
    void testRunsAtStartAndEveryInterval()
    {
        std::atomic<int> runs{0};
        PeriodicTask task("test interval", std::chrono::milliseconds(5), [&] { ++runs; }, logger(), "test failed");
        waitFor([&] { return task.passes() >= 3; });
        task.stop();
        CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(runs.load()), task.passes());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), task.failures());
    }

    void testFailuresAreCountedAndTheLoopGoesOn()
    {
        std::atomic<int> runs{0};
        PeriodicTask task("test interval", std::chrono::milliseconds(5), [&] {
            if (++runs % 2 == 1)
                throw std::runtime_error("odd pass");
        }, logger(), "test failed");
        waitFor([&] { return task.passes() >= 4; });
        task.stop();
        CPPUNIT_ASSERT(task.failures() >= 2);
        CPPUNIT_ASSERT(task.failures() < task.passes());
    }

    void testStopInterruptsTheWait()
    {
        PeriodicTask task("test interval", std::chrono::hours(1), [] {}, logger(), "test failed");
        waitFor([&] { return task.passes() == 1; });
        const auto start = std::chrono::steady_clock::now();
        task.stop();
        task.stop(); // idempotent
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    }

    void testRunSoonStartsTheNextPassEarly()
    {
        PeriodicTask task("test interval", std::chrono::hours(1), [] {}, logger(), "test failed");
        waitFor([&] { return task.passes() == 1; });
        task.runSoon();
        waitFor([&] { return task.passes() == 2; });
        // Without a request it waits the interval again.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), task.passes());
    }

    void testIntervalMustBePositive()
    {
        const auto e = test::expectException(
            [] { PeriodicTask task("cleanup interval", std::chrono::milliseconds(0), [] {}, logger(), "x"); });
        CPPUNIT_ASSERT_EQUAL(std::string("the cleanup interval must be greater than 0"), e.message());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
    }

    void testBoundedStopInterruptsAnOverrunningPass()
    {
        BlockedPass blocked;
        auto& task = blocked.task;
        auto& release = blocked.release;
        std::atomic<int> interrupts{0};
        std::thread::id interrupted;
        // The pass ends only once interrupted twice: the interrupt repeats until it does.
        const bool inTime = task.stop(std::chrono::milliseconds(100), [&](std::thread::id thread) {
            interrupted = thread;
            if (++interrupts >= 2)
                release = true;
        });
        CPPUNIT_ASSERT(!inTime);
        CPPUNIT_ASSERT_EQUAL(2, interrupts.load());
        CPPUNIT_ASSERT(interrupted != std::thread::id() && interrupted != std::this_thread::get_id());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), task.passes());
        CPPUNIT_ASSERT(task.stop(std::chrono::milliseconds(100), {})); // already stopped
    }

    void testBoundedStopOfAnIdleLoopNeverInterrupts()
    {
        PeriodicTask task("test interval", std::chrono::hours(1), [] {}, logger(), "test failed");
        waitFor([&] { return task.passes() == 1; });
        int interrupts = 0;
        CPPUNIT_ASSERT(task.stop(std::chrono::seconds(30), [&](std::thread::id) { ++interrupts; }));
        CPPUNIT_ASSERT_EQUAL(0, interrupts);
    }

    void testBoundedStopWithoutTimeoutWaitsForThePass()
    {
        BlockedPass blocked;
        auto& task = blocked.task;
        auto& release = blocked.release;
        std::thread releaser([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            release = true;
        });
        int interrupts = 0;
        CPPUNIT_ASSERT(task.stop(std::chrono::milliseconds(0), [&](std::thread::id) { ++interrupts; }));
        releaser.join();
        CPPUNIT_ASSERT_EQUAL(0, interrupts);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), task.passes());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PeriodicTaskTest);
} // namespace akashi
