#include "ingest/IngestFixture.h"

#include "ingest/EventCopyWriter.h"
#include "telemetry/MetricsRegistry.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <map>
#include <set>

namespace akashi::ingest
{
using test::IngestFixture;
using namespace std::chrono_literals;

/// The event buffer against a real PostgreSQL: durable acks, the three flush triggers and per-run order.
class EventBufferTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EventBufferTest);
    CPPUNIT_TEST(testDurableAppendPersistsRows);
    CPPUNIT_TEST(testBatchingBySize);
    CPPUNIT_TEST(testBatchingByTimeout);
    CPPUNIT_TEST(testGroupCommit);
    CPPUNIT_TEST(testSequenceOrderPerRunUnderConcurrency);
    CPPUNIT_TEST(testCopyRowEscaping);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDurableAppendPersistsRows()
    {
        IngestFixture f("ingest_durable");
        EventBuffer buffer(f.database(), IngestFixture::settings(1000, 60s));
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        auto events = IngestFixture::events(3);
        // Every column the COPY text format must escape, in a text column and in the JSON payload.
        events[1].eventType = "tab\there\\back\nnew\rret";
        events[1].payload = R"({"text": "line\nbreak\ttab \\ back \"quoted\" ünïcode"})";
        const auto receipt = buffer.append(run, std::move(events), true);
        CPPUNIT_ASSERT(receipt.persisted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), receipt.eventIds.size());
        CPPUNIT_ASSERT(receipt.token.lsn > 0);
        CPPUNIT_ASSERT(!receipt.token.runId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), buffer.depth());

        auto rows = f.sql().exec("SELECT id, event_type, sequence_num, payload->>'text' AS text, agent_id FROM agent_events "
                                 "WHERE org_id = $1::uuid AND run_id = $2::uuid ORDER BY sequence_num",
                                 storage::SqlParams().add(IngestFixture::kOrg).add(run));
        CPPUNIT_ASSERT_EQUAL(3, rows.rows());
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(receipt.eventIds[static_cast<std::size_t>(i)], rows.text(i, "id"));
        CPPUNIT_ASSERT(rows.int64(0, "sequence_num") < rows.int64(1, "sequence_num"));
        CPPUNIT_ASSERT(rows.int64(1, "sequence_num") < rows.int64(2, "sequence_num"));
        CPPUNIT_ASSERT_EQUAL(receipt.lastSequenceNum, rows.int64(2, "sequence_num"));
        CPPUNIT_ASSERT_EQUAL(std::string("tab\there\\back\nnew\rret"), rows.text(1, "event_type"));
        CPPUNIT_ASSERT_EQUAL(std::string("line\nbreak\ttab \\ back \"quoted\" ünïcode"), rows.text(1, "text"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent-1"), rows.text(0, "agent_id"));
        CPPUNIT_ASSERT(f.log().saw("trace: batch flushed"));
    }

    void testBatchingBySize()
    {
        IngestFixture f("ingest_size");
        EventBuffer buffer(f.database(), IngestFixture::settings(50, 60s));
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        const auto receipt = buffer.append(run, IngestFixture::events(49), false);
        CPPUNIT_ASSERT(!receipt.persisted);
        CPPUNIT_ASSERT_EQUAL(run, *receipt.token.runId);
        CPPUNIT_ASSERT_EQUAL(receipt.lastSequenceNum, receipt.token.sequenceNum);
        std::this_thread::sleep_for(300ms);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), buffer.flusher().batchesWritten());
        CPPUNIT_ASSERT_EQUAL(std::size_t(49), buffer.depth());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.rowCount(run));

        buffer.append(run, IngestFixture::events(1), false); // the 50th: the batch is due
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return buffer.flusher().batchesWritten() == 1; }, 5000ms));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(50), f.rowCount(run));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(50), buffer.flusher().eventsWritten());
    }

    /// akashi.consistency.ingest_lag of the process-wide registry: {samples, sum in ms}.
    static std::pair<std::uint64_t, double> ingestLag()
    {
        for (const auto& p : telemetry::MetricsRegistry::global().collect())
            if (p.name == "akashi.consistency.ingest_lag")
                return {p.count, p.value};
        return {0, 0};
    }

    void testBatchingByTimeout()
    {
        IngestFixture f("ingest_timeout");
        const auto lagBefore = ingestLag();
        EventBuffer buffer(f.database(), IngestFixture::settings(1000, 400ms));
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        const auto started = std::chrono::steady_clock::now();
        buffer.append(run, IngestFixture::events(5), false);
        std::this_thread::sleep_for(100ms);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.rowCount(run));
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return f.rowCount(run) == 5; }, 5000ms));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started >= 350ms);
        // The flusher counts the batch after its commit returns: the rows can be visible a moment earlier.
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return buffer.flusher().batchesWritten() == 1; }, 5000ms));
        // The batch's ingest lag: its events waited out the 400 ms flush timeout before becoming visible.
        const auto lagAfter = ingestLag();
        CPPUNIT_ASSERT_EQUAL(lagBefore.first + 1, lagAfter.first);
        CPPUNIT_ASSERT(lagAfter.second - lagBefore.second >= 350);
    }

    void testGroupCommit()
    {
        IngestFixture f("ingest_group");
        EventBuffer buffer(f.database(), IngestFixture::settings(1000, 60s));
        buffer.start();
        const auto run = auth::RandomId::uuidV4();
        // Hold the table so the first flush blocks in its COPY while more durable requests arrive.
        storage::PgConnection blocker(f.database().settings());
        blocker.exec("BEGIN");
        blocker.exec("LOCK TABLE agent_events IN ACCESS EXCLUSIVE MODE");
        std::vector<std::thread> clients;
        std::vector<EventBuffer::Receipt> receipts(4);
        clients.emplace_back([&] { receipts[0] = buffer.append(run, IngestFixture::events(2, 0), true); });
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return buffer.depth() == 2; }));
        std::this_thread::sleep_for(200ms); // the flusher has taken the first batch and waits on the lock
        for (int i = 1; i < 4; ++i)
            clients.emplace_back([&, i] { receipts[static_cast<std::size_t>(i)] = buffer.append(run, IngestFixture::events(2, i * 10), true); });
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return buffer.depth() == 8; }));
        std::this_thread::sleep_for(100ms);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), buffer.flusher().batchesWritten());
        blocker.exec("COMMIT");
        for (auto& client : clients)
            client.join();
        for (const auto& receipt : receipts)
            CPPUNIT_ASSERT(receipt.persisted);
        // The three requests that arrived during the first commit went out together as the second batch.
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), buffer.flusher().batchesWritten());
        auto batches = f.sql().exec("SELECT count(DISTINCT created_at) AS n FROM agent_events WHERE org_id = $1::uuid "
                                    "AND run_id = $2::uuid",
                                    storage::SqlParams().add(IngestFixture::kOrg).add(run));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), batches.int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8), f.rowCount(run));
    }

    void testSequenceOrderPerRunUnderConcurrency()
    {
        IngestFixture f("ingest_order");
        EventBuffer buffer(f.database(), IngestFixture::settings(64, 20ms));
        buffer.start();
        const std::string runs[] = {auth::RandomId::uuidV4(), auth::RandomId::uuidV4()};
        constexpr int kThreads = 4;
        constexpr int kRequests = 40;
        constexpr int kPerRequest = 5;
        std::atomic<bool> ordered{true};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                std::int64_t previous = 0;
                for (int r = 0; r < kRequests; ++r)
                {
                    auto events = IngestFixture::events(kPerRequest, t * 100000 + r * kPerRequest);
                    const auto receipt = buffer.append(runs[t % 2], std::move(events), r % 3 == 0);
                    if (receipt.lastSequenceNum <= previous)
                        ordered = false;
                    previous = receipt.lastSequenceNum;
                }
            });
        for (auto& thread : threads)
            thread.join();
        CPPUNIT_ASSERT(ordered.load());
        CPPUNIT_ASSERT(IngestFixture::eventually([&] { return buffer.depth() == 0; }));
        for (const auto& run : runs)
        {
            auto rows = f.sql().exec("SELECT sequence_num, (payload->>'n')::int AS n FROM agent_events "
                                     "WHERE org_id = $1::uuid AND run_id = $2::uuid ORDER BY sequence_num",
                                     storage::SqlParams().add(IngestFixture::kOrg).add(run));
            CPPUNIT_ASSERT_EQUAL(2 * kRequests * kPerRequest, rows.rows());
            // Within the run, each sender's events appear in the order it sent them.
            std::map<std::int64_t, std::int64_t> lastBySender;
            std::set<std::int64_t> sequence;
            for (int row = 0; row < rows.rows(); ++row)
            {
                const auto n = rows.int64(row, "n");
                const auto sender = n / 100000;
                auto [it, inserted] = lastBySender.emplace(sender, n);
                if (!inserted)
                {
                    CPPUNIT_ASSERT(n > it->second);
                    it->second = n;
                }
                CPPUNIT_ASSERT(sequence.insert(rows.int64(row, "sequence_num")).second);
            }
        }
    }

    void testCopyRowEscaping()
    {
        storage::EventRecord event;
        event.id = "11111111-1111-4111-8111-111111111111";
        event.runId = "22222222-2222-4222-8222-222222222222";
        event.orgId = IngestFixture::kOrg;
        event.eventType = "a\tb\\c\nd\re";
        event.sequenceNum = 42;
        event.occurredAt = *Timestamp::parseRfc3339("2026-01-02T03:04:05.5Z");
        event.agentId = "agent";
        event.payload = R"({"k":"v\\n"})";
        CPPUNIT_ASSERT_EQUAL(std::string("11111111-1111-4111-8111-111111111111\t22222222-2222-4222-8222-222222222222\t"
                                         "00000000-0000-0000-0000-000000000000\ta\\tb\\\\c\\nd\\re\t42\t" +
                                         Timestamp::toSqlParameter(event.occurredAt) +
                                         "\tagent\t{\"k\":\"v\\\\\\\\n\"}\n"),
                             EventCopyWriter::encodeRow(event));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EventBufferTest);
} // namespace akashi::ingest
