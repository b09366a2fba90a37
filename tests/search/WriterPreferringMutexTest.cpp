#include "search/WriterPreferringMutex.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace akashi::search
{
class WriterPreferringMutexTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WriterPreferringMutexTest);
    CPPUNIT_TEST(testReadersShareWritersExclude);
    CPPUNIT_TEST(testAWaitingWriterHoldsBackNewReaders);
    CPPUNIT_TEST_SUITE_END();

public:
    void testReadersShareWritersExclude()
    {
        WriterPreferringMutex mutex;
        {
            std::shared_lock first(mutex);
            CPPUNIT_ASSERT(mutex.try_lock_shared());
            mutex.unlock_shared();
            CPPUNIT_ASSERT(!mutex.try_lock());
        }
        std::unique_lock writer(mutex);
        CPPUNIT_ASSERT(!mutex.try_lock_shared());
        writer.unlock();
        CPPUNIT_ASSERT(mutex.try_lock());
        mutex.unlock();
    }

    void testAWaitingWriterHoldsBackNewReaders()
    {
        WriterPreferringMutex mutex;
        std::shared_lock reader(mutex);
        std::atomic<bool> written{false};
        std::thread writer(
            [&]
            {
                std::unique_lock lock(mutex);
                written.store(true);
            });
        // Once the writer waits, a new reader must not get in ahead of it (std::shared_mutex lets it).
        bool heldBack = false;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!heldBack && std::chrono::steady_clock::now() < deadline)
        {
            if (mutex.try_lock_shared())
            {
                mutex.unlock_shared();
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            else
                heldBack = true;
        }
        CPPUNIT_ASSERT(!written.load());
        reader.unlock();
        writer.join();
        CPPUNIT_ASSERT(heldBack);
        CPPUNIT_ASSERT(written.load());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WriterPreferringMutexTest);
} // namespace akashi::search
