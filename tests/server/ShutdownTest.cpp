#include "api/IdentityServer.h"
#include "server/LogSequence.h"
#include "storage/PgConnection.h"
#include "support/HttpTestClient.h"
#include "support/ServerProcess.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <thread>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// The runbook §8 shutdown: the phases in order with their timeouts, buffered events written before
/// the exit, GET /ready failing as soon as shutdown begins, and a background loop that cannot finish
/// cancelled instead of holding the exit.
class ShutdownTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ShutdownTest);
    CPPUNIT_TEST(testSigtermDrainsInRunbookOrderAndKeepsBufferedEvents);
    CPPUNIT_TEST(testReadyTurns503DuringTheReadinessDelay);
    CPPUNIT_TEST(testBlockedLoopIsCancelledAfterItsDrainTimeout);
    CPPUNIT_TEST_SUITE_END();

    static std::int64_t count(storage::PgConnection& sql, const std::string& query, const std::string& parameter)
    {
        return sql.exec(query, storage::SqlParams().add(parameter)).int64(0, "n");
    }

public:
    void testSigtermDrainsInRunbookOrderAndKeepsBufferedEvents()
    {
        // Events wait in the buffer (no size or time trigger within the test) until the drain writes them.
        IdentityServer server("shutdown_order", {{"AKASHI_EVENT_FLUSH_TIMEOUT", "1h"},
                                                 {"AKASHI_EVENT_BUFFER_SIZE", "100000"},
                                                 {"AKASHI_SHUTDOWN_HTTP_TIMEOUT", "3s"}});
        auto run = server.call("POST", "/v1/runs", R"({"agent_id":"admin"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.body, 201, run.status);
        const auto runId = run.json()->getObject("data")->getValue<std::string>("id");
        Poco::Net::NameValueCollection headers;
        headers.set("Authorization", IdentityServer::admin());
        headers.set("Content-Type", "application/json");
        headers.set("Prefer", "respond-async");
        auto appended = HttpTestClient(server.port())
                            .request("POST", "/v1/runs/" + runId + "/events",
                                     R"({"events":[{"event_type":"A","payload":{}},{"event_type":"B","payload":{}},)"
                                     R"({"event_type":"C","payload":{}}]})",
                                     headers);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(appended.body, 202, appended.status);
        const std::string events = "SELECT count(*) AS n FROM agent_events WHERE run_id = $1::uuid";
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(server.sql(), events, runId));

        CPPUNIT_ASSERT_EQUAL(0, server.process().stop(SIGTERM));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), count(server.sql(), events, runId));

        const LogSequence log(server.process().stdoutText());
        int at = log.find("akashi shutting down");
        CPPUNIT_ASSERT(at >= 0);
        at = log.find("readiness: draining", at);
        CPPUNIT_ASSERT(at >= 0);
        // step, phase, timeout_ms in the order they run: HTTP 3s as configured, the buffer and the outbox wait for
        // as long as they take, the exporters' final flush (5 s by default) runs before their plugins unload and
        // so before the pool closes.
        const std::vector<std::tuple<int, std::string, int>> phases{
            {1, "http", 3000}, {2, "event_buffer", 0}, {3, "outbox", 0}, {5, "telemetry", 5000}, {4, "database", 0}};
        for (const auto& [step, phase, timeout] : phases)
        {
            const int started = log.find("shutdown phase started", at, "phase", phase);
            CPPUNIT_ASSERT_MESSAGE(phase + "\n" + server.process().stdoutText(), started > at);
            CPPUNIT_ASSERT_EQUAL(step, log.at(started)->getValue<int>("step"));
            CPPUNIT_ASSERT_EQUAL(timeout, log.at(started)->getValue<int>("timeout_ms"));
            const int finished = log.find("shutdown phase finished", started, "phase", phase);
            CPPUNIT_ASSERT_MESSAGE(phase, finished > started);
            CPPUNIT_ASSERT(log.at(finished)->getValue<int>("elapsed_ms") >= 0);
            at = finished;
        }
        CPPUNIT_ASSERT(log.find("http server stopped") < log.find("shutdown phase started", 0, "phase", "event_buffer"));
        CPPUNIT_ASSERT_EQUAL(log.size() - 1, log.find("akashi stopped"));
        CPPUNIT_ASSERT(!server.process().hasLogged("trace: drain timed out waiting for flush loop"));
    }

    void testReadyTurns503DuringTheReadinessDelay()
    {
        TestDatabase db("shutdown_ready");
        ServerProcess server(Env{{"DATABASE_URL", db.url()}, {"AKASHI_SHUTDOWN_READINESS_DELAY", "3s"}});
        const auto port = server.waitUntilListening();
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), port.has_value());
        // HTTP listens before the server has finished starting: until then /ready says so.
        auto first = HttpTestClient(*port).get("/ready");
        if (first.status != 200)
            CPPUNIT_ASSERT_EQUAL(std::string(R"({"status":"not_ready","checks":{"postgres":"ok","lifecycle":"starting"}})"),
                                 first.body);
        for (int i = 0; i < 100 && HttpTestClient(*port).get("/ready").status != 200; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (const char* path : {"/ready", "/readyz"})
        {
            auto ready = HttpTestClient(*port).get(path); // no credentials needed
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ready.body, 200, ready.status);
            CPPUNIT_ASSERT_EQUAL(std::string(R"({"status":"ready","checks":{"postgres":"ok","lifecycle":"serving"}})"),
                                 ready.body);
        }

        CPPUNIT_ASSERT_EQUAL(0, ::kill(server.pid(), SIGTERM));
        CPPUNIT_ASSERT(server.waitForLog("readiness: draining"));
        // Still serving, but no longer ready: a load balancer takes it out while requests still succeed.
        auto draining = HttpTestClient(*port).get("/ready");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(draining.body, 503, draining.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"status":"not_ready","checks":{"postgres":"ok","lifecycle":"draining"}})"),
                             draining.body);
        CPPUNIT_ASSERT_EQUAL(503, HttpTestClient(*port).get("/readyz").status);
        CPPUNIT_ASSERT_EQUAL(200, HttpTestClient(*port).get("/health").status); // alive: no restart
        CPPUNIT_ASSERT(!server.hasLogged("shutdown phase started")); // HTTP has not begun to drain

        CPPUNIT_ASSERT_EQUAL(0, server.waitForExit());
        const LogSequence log(server.stdoutText());
        CPPUNIT_ASSERT_EQUAL(3000, log.at(log.find("readiness: draining"))->getValue<int>("readiness_delay_ms"));
        CPPUNIT_ASSERT(log.find("akashi stopped") > log.find("readiness: draining"));
    }

    void testBlockedLoopIsCancelledAfterItsDrainTimeout()
    {
        TestDatabase db("shutdown_loop");
        ServerProcess server(Env{{"DATABASE_URL", db.url()},
                                 {"AKASHI_IDEMPOTENCY_CLEANUP_INTERVAL", "100ms"},
                                 {"AKASHI_SHUTDOWN_LOOP_DRAIN_TIMEOUT", "1s"}});
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
        // Hold a lock the cleanup's DELETE waits for, and wait until its next pass is stuck on it.
        storage::PgConnection blocker(db.settings());
        blocker.exec("BEGIN");
        blocker.exec("LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE");
        storage::PgConnection observer(db.settings());
        bool waiting = false;
        for (int i = 0; i < 200 && !waiting; ++i)
        {
            waiting = observer
                          .exec("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                                "AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM idempotency_keys%'")
                          .int64(0, "n") > 0;
            if (!waiting)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CPPUNIT_ASSERT(waiting);

        // The lock is never released while the server stops: only the cancel lets it exit.
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM, std::chrono::seconds(30)));
        auto timedOut = server.waitForLog("background loop: drain timed out", std::chrono::seconds(1));
        CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), timedOut);
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency cleanup"), timedOut->getValue<std::string>("loop"));
        CPPUNIT_ASSERT_EQUAL(1000, timedOut->getValue<int>("timeout_ms"));
        CPPUNIT_ASSERT(timedOut->getValue<int>("cancelled_statements") >= 1);
        auto failed = server.waitForLog("idempotency: cleanup failed", std::chrono::seconds(1));
        CPPUNIT_ASSERT_MESSAGE(server.stdoutText(), failed);
        CPPUNIT_ASSERT(failed->getValue<std::string>("error").find("canceling statement") != std::string::npos);
        CPPUNIT_ASSERT(server.hasLogged("akashi stopped"));
        blocker.exec("ROLLBACK");
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ShutdownTest);
} // namespace akashi::test
