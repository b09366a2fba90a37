#include "ingest/IngestFixture.h"

#include "ingest/BufferRejected.h"
#include "telemetry/MetricsRegistry.h"
#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::ingest
{
using test::IngestFixture;
using namespace std::chrono_literals;

/// The buffer's refusals and failures: capacity, draining, a database that refuses the COPY (retried
/// without loss), a durable ack that times out, and a drain that times out.
class EventBufferFailureTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EventBufferFailureTest);
    CPPUNIT_TEST(testCapacityRejectsWholeRequest);
    CPPUNIT_TEST(testDrainFlushesThenRejects);
    CPPUNIT_TEST(testFailedFlushIsRetriedWithoutLoss);
    CPPUNIT_TEST(testAckTimeoutKeepsEventsBuffered);
    CPPUNIT_TEST(testDrainTimeoutAbandons);
    CPPUNIT_TEST(testInvalidSettings);
    CPPUNIT_TEST_SUITE_END();

    /// Makes every COPY fail ("relation agent_events does not exist") until `restore`.
    static void hideTable(storage::PgConnection& sql) { sql.exec("ALTER TABLE agent_events RENAME TO agent_events_hidden"); }
    static void restore(storage::PgConnection& sql) { sql.exec("ALTER TABLE agent_events_hidden RENAME TO agent_events"); }

    static BufferRejected expectRejected(const std::function<void()>& action)
    {
        try
        {
            action();
        }
        catch (const BufferRejected& e)
        {
            return e;
        }
        CPPUNIT_FAIL("expected BufferRejected");
        return BufferRejected("unreachable", 0);
    }

    /// A series of the process-wide registry now (0 when absent).
    static double metric(const std::string& name)
    {
        for (const auto& p : telemetry::MetricsRegistry::global().collect())
            if (p.name == name)
                return p.value;
        return 0;
    }

public:
    void testCapacityRejectsWholeRequest()
    {
        IngestFixture f("ingest_capacity");
        auto settings = IngestFixture::settings(1000, 60s);
        settings.capacity = 10;
        EventBuffer buffer(f.database(), settings);
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        buffer.append(run, IngestFixture::events(8), false);
        const double droppedBefore = metric("akashi.buffer.dropped_total");
        auto e = expectRejected([&] { buffer.append(run, IngestFixture::events(3), false); });
        CPPUNIT_ASSERT_EQUAL(droppedBefore + 1, metric("akashi.buffer.dropped_total"));
        CPPUNIT_ASSERT_EQUAL(8.0, metric("akashi.buffer.depth")); // sampled from this buffer at collect
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::serviceUnavailable);
        CPPUNIT_ASSERT_EQUAL(std::string("event buffer is full, retry shortly"), e.message());
        CPPUNIT_ASSERT_EQUAL(1, e.retryAfterSeconds());
        CPPUNIT_ASSERT(f.log().saw("trace: buffer at capacity"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), buffer.depth()); // nothing of the refused request was taken
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), buffer.rejected());
        buffer.append(run, IngestFixture::events(2), false); // exactly at the cap is fine
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), buffer.depth());
    }

    void testDrainFlushesThenRejects()
    {
        IngestFixture f("ingest_drain");
        EventBuffer buffer(f.database(), IngestFixture::settings(1000, 60s));
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        buffer.append(run, IngestFixture::events(7), false);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.rowCount(run));
        buffer.stop(); // writes what was accepted even though no flush was due
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), f.rowCount(run));
        auto e = expectRejected([&] { buffer.append(run, IngestFixture::events(1), true); });
        CPPUNIT_ASSERT_EQUAL(std::string("trace: buffer is draining"), e.message());
        CPPUNIT_ASSERT(f.log().saw("trace: buffer is draining"));
        buffer.stop(); // idempotent
    }

    void testFailedFlushIsRetriedWithoutLoss()
    {
        IngestFixture f("ingest_retry");
        EventBuffer buffer(f.database(), IngestFixture::settings(1000, 60s));
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        buffer.append(run, IngestFixture::events(1), true); // numbers reserved, table known to work
        hideTable(f.sql());
        EventBuffer::Receipt receipt;
        std::thread client([&] { receipt = buffer.append(run, IngestFixture::events(4, 1), true); });
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return buffer.flusher().failedAttempts() >= 3; }));
        CPPUNIT_ASSERT(f.log().saw("trace: flush failed"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), buffer.depth());
        restore(f.sql());
        client.join();
        CPPUNIT_ASSERT(receipt.persisted);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), f.rowCount(run));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), buffer.depth());
    }

    void testAckTimeoutKeepsEventsBuffered()
    {
        IngestFixture f("ingest_ack_timeout");
        auto settings = IngestFixture::settings(1000, 60s);
        settings.ackTimeout = 300ms;
        EventBuffer buffer(f.database(), settings);
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        buffer.append(run, IngestFixture::events(1), true);
        hideTable(f.sql());
        const auto receipt = buffer.append(run, IngestFixture::events(3, 1), true);
        CPPUNIT_ASSERT(!receipt.persisted); // answered after 300 ms as buffered, not as an error
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), receipt.eventIds.size());
        CPPUNIT_ASSERT(receipt.token.runId && *receipt.token.runId == run);
        CPPUNIT_ASSERT_EQUAL(receipt.lastSequenceNum, receipt.token.sequenceNum);
        restore(f.sql());
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return f.rowCount(run) == 4; }));
    }

    void testDrainTimeoutAbandons()
    {
        IngestFixture f("ingest_drain_timeout");
        auto settings = IngestFixture::settings(1000, 60s);
        settings.drainTimeout = 300ms;
        EventBuffer buffer(f.database(), settings);
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        buffer.append(run, IngestFixture::events(1), true);
        hideTable(f.sql());
        buffer.append(run, IngestFixture::events(2, 1), false);
        const auto started = std::chrono::steady_clock::now();
        buffer.stop();
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < 5s);
        CPPUNIT_ASSERT(f.log().saw("trace: drain timed out waiting for flush loop"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), buffer.depth());
        restore(f.sql());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.rowCount(run));
    }

    void testInvalidSettings()
    {
        IngestFixture f("ingest_settings");
        auto e = test::expectException([&] { EventBuffer(f.database(), IngestFixture::settings(0, 100ms)); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
        CPPUNIT_ASSERT_EQUAL(std::string("the event buffer size must be at least 1"), e.message());
        e = test::expectException([&] { EventBuffer(f.database(), IngestFixture::settings(10, 0ms)); });
        CPPUNIT_ASSERT_EQUAL(std::string("the event flush timeout must be greater than 0"), e.message());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EventBufferFailureTest);
} // namespace akashi::ingest
