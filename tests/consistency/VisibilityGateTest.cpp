#include "consistency/VisibilityGate.h"
#include "support/ExpectException.h"
#include "support/MigratedDatabase.h"
#include "telemetry/MetricsRegistry.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

namespace akashi::consistency
{
/// The gate against a real primary: committed writes pass at once, unreachable positions time out,
/// buffered events pass once their last row exists in the caller's org.
class VisibilityGateTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VisibilityGateTest);
    CPPUNIT_TEST(testNoTokenAndCommittedWritePassAtOnce);
    CPPUNIT_TEST(testUnreachablePositionTimesOut);
    CPPUNIT_TEST(testBufferedEventsWaitForTheirRow);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kOrg = "00000000-0000-0000-0000-000000000000";
    static constexpr const char* kOtherOrg = "11111111-1111-1111-1111-111111111111";
    static constexpr const char* kRun = "0f8fad5b-d9cb-469f-a165-70867728950e";

    static void insertEvent(storage::PgConnection& connection, std::int64_t sequenceNum)
    {
        connection.exec("INSERT INTO agent_events (id, run_id, org_id, event_type, sequence_num, occurred_at, agent_id, "
                        "payload) VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'ToolCallStarted', $3, now(), 'a', '{}')",
                        storage::SqlParams().add(kRun).add(kOrg).add(sequenceNum));
    }

    /// The process-wide series the gate records into (other tests of this suite add to them too).
    static std::uint64_t waitsRecorded()
    {
        for (const auto& p : telemetry::MetricsRegistry::global().collect())
            if (p.name == "akashi.consistency.write_to_visible_latency")
                return p.count;
        return 0;
    }

    static double timeoutsCounted()
    {
        for (const auto& p : telemetry::MetricsRegistry::global().collect())
            if (p.name == "akashi.consistency.visibility_timeouts")
                return p.value;
        return 0;
    }

public:
    void testNoTokenAndCommittedWritePassAtOnce()
    {
        test::MigratedDatabase db("gate_committed");
        auto connection = db.database().connection();
        const VisibilityGate gate(std::chrono::milliseconds(200));
        const auto waitsBefore = waitsRecorded();
        gate.await(*connection, kOrg, std::nullopt);
        CPPUNIT_ASSERT_EQUAL(waitsBefore, waitsRecorded()); // no token, no wait
        connection->exec("CREATE TABLE written (x int)");
        const auto token = VisibilityToken::afterCommit(*connection);
        CPPUNIT_ASSERT(token.lsn > 0);
        auto reader = db.database().connection();
        gate.await(*reader, kOrg, token);
        CPPUNIT_ASSERT_EQUAL(waitsBefore + 1, waitsRecorded());
    }

    void testUnreachablePositionTimesOut()
    {
        test::MigratedDatabase db("gate_timeout");
        auto connection = db.database().connection();
        const VisibilityGate gate(std::chrono::milliseconds(100));
        VisibilityToken future;
        future.lsn = ~0ULL;
        const auto start = std::chrono::steady_clock::now();
        const double timeoutsBefore = timeoutsCounted();
        const auto waitsBefore = waitsRecorded();
        const auto e = test::expectException([&] { gate.await(*connection, kOrg, future); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::visibilityTimeout);
        CPPUNIT_ASSERT_EQUAL(timeoutsBefore + 1, timeoutsCounted());
        CPPUNIT_ASSERT_EQUAL(waitsBefore, waitsRecorded()); // a timeout is not a latency sample
        CPPUNIT_ASSERT_EQUAL(std::string("write not visible within 100 ms"), e.message());
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(100));
    }

    void testBufferedEventsWaitForTheirRow()
    {
        test::MigratedDatabase db("gate_buffered");
        const auto token = VisibilityToken::forBufferedEvents(kRun, 7);
        std::thread writer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            auto connection = db.database().connection();
            insertEvent(*connection, 6);
            insertEvent(*connection, 7);
        });
        auto reader = db.database().connection();
        VisibilityGate(std::chrono::seconds(5)).await(*reader, kOrg, token);
        writer.join();
        const auto e = test::expectException(
            [&] { VisibilityGate(std::chrono::milliseconds(50)).await(*reader, kOtherOrg, token); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::visibilityTimeout);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(VisibilityGateTest);
} // namespace akashi::consistency
