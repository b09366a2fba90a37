#include "PostgresNotifyFixture.h"

namespace akashi::plugins::notify::postgres
{
/// Connection loss and recovery of notify-postgres.so, produced for real (see PostgresNotifyFixture).
class PostgresNotifyReconnectTest : public PostgresNotifyFixture
{
    CPPUNIT_TEST_SUITE(PostgresNotifyReconnectTest);
    CPPUNIT_TEST(testReconnectAfterTheBackendIsKilled);
    CPPUNIT_TEST(testDestroyStopsAReconnectPromptly);
    CPPUNIT_TEST_SUITE_END();

public:
    void testReconnectAfterTheBackendIsKilled()
    {
        const std::string name = uniqueApplicationName();
        Inbox inbox, late;
        ConnectionEvents events;
        Instance publisher("notify", "postgres", config(uniqueApplicationName()));
        Instance listener("notify", "postgres", config(name));
        listener->onConnectionChange(events.callback());
        subscribe(listener, "akashi_decisions", inbox.callback());
        subscribe(listener, "akashi_conflicts", inbox.callback());
        publish(publisher, "akashi_decisions", "before");
        CPPUNIT_ASSERT(inbox.waitFor(1));

        allowConnections(false);
        CPPUNIT_ASSERT_EQUAL(1, terminateBackends(name));
        CPPUNIT_ASSERT(events.waitFor(1));
        CPPUNIT_ASSERT(std::vector<bool>({false}) == events.events());
        CPPUNIT_ASSERT(listener.logger().waitForMessage("storage: notify reconnect attempt failed", kTimeout));

        // Disconnected: publish fails at once instead of waiting for the reconnect.
        const auto started = std::chrono::steady_clock::now();
        const Status down = listener->publish("akashi_decisions", "while down");
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < 1s);
        CPPUNIT_ASSERT(down.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_MESSAGE(down.message,
                               down.message.rfind("the notify connection to PostgreSQL is down (reconnecting)", 0) == 0);

        // Subscribing meanwhile records the channel; the reconnect LISTENs it.
        subscribe(listener, "akashi_late", late.callback());

        allowConnections(true);
        CPPUNIT_ASSERT(events.waitFor(2));
        CPPUNIT_ASSERT(std::vector<bool>({false, true}) == events.events());

        const auto lost = listener.logger().linesWithMessage("storage: notify connection lost");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lost.size());
        CPPUNIT_ASSERT(lost[0].level == LogLevel::warn);
        CPPUNIT_ASSERT_MESSAGE(lost[0].field("error").value_or(""),
                               contains(lost[0].field("error").value_or(""), "terminating connection"));

        const auto failed = listener.logger().linesWithMessage("storage: notify reconnect attempt failed");
        CPPUNIT_ASSERT(!failed.empty());
        for (std::size_t i = 0; i < failed.size(); ++i)
        {
            CPPUNIT_ASSERT(failed[i].level == LogLevel::warn);
            CPPUNIT_ASSERT_EQUAL(std::to_string(i + 1), failed[i].field("attempt").value_or(""));
            // base 20 ms doubling, jittered down by at most a fifth, capped at 200 ms.
            const long delay = std::stol(failed[i].field("delay_ms").value_or("-1"));
            const long nominal = std::min(200L, 20L << std::min<std::size_t>(i, 4));
            CPPUNIT_ASSERT_MESSAGE(std::to_string(delay), delay <= nominal && delay >= nominal * 4 / 5);
            CPPUNIT_ASSERT_MESSAGE(failed[i].field("error").value_or(""),
                                   contains(failed[i].field("error").value_or(""), "not currently accepting connections"));
        }
        const auto restored = listener.logger().linesWithMessage("storage: notify connection restored");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), restored.size());
        CPPUNIT_ASSERT(restored[0].level == LogLevel::info);
        CPPUNIT_ASSERT_EQUAL(std::to_string(failed.size() + 1), restored[0].field("attempts").value_or(""));
        assertNoPasswordLogged(listener);

        // Both channels were LISTENed again on the new connection, which is the only one.
        publish(publisher, "akashi_decisions", "after");
        publish(publisher, "akashi_conflicts", "after too");
        CPPUNIT_ASSERT(inbox.waitFor(3));
        CPPUNIT_ASSERT(Payloads({"before", "after", "after too"}) == inbox.payloads());
        publish(publisher, "akashi_late", "late");
        CPPUNIT_ASSERT(late.waitFor(1));
        CPPUNIT_ASSERT(Payloads({"late"}) == late.payloads());
        publish(listener, "akashi_decisions", "own");
        CPPUNIT_ASSERT(inbox.waitFor(4));
        CPPUNIT_ASSERT_EQUAL(1, backends(name));
    }

    void testDestroyStopsAReconnectPromptly()
    {
        const std::string name = uniqueApplicationName();
        ConnectionEvents events;
        auto settings = config(name);
        settings["reconnect_base_ms"] = "60000";
        settings["reconnect_max_ms"] = "60000";
        Instance listener("notify", "postgres", settings);
        listener->onConnectionChange(events.callback());
        CPPUNIT_ASSERT_EQUAL(1, terminateBackends(name));
        CPPUNIT_ASSERT(events.waitFor(1));

        // The listener now sleeps ~a minute before its first attempt; destruction must wake it.
        const auto started = std::chrono::steady_clock::now();
        listener.destroy();
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < 5s);
        CPPUNIT_ASSERT(std::vector<bool>({false}) == events.events());
        CPPUNIT_ASSERT(listener.logger().linesWithMessage("storage: notify reconnect attempt failed").empty());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PostgresNotifyReconnectTest);
} // namespace akashi::plugins::notify::postgres
