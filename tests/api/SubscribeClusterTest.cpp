#include "api/IdentityServer.h"
#include "support/SseTestClient.h"
#include "support/TestCluster.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <thread>

namespace akashi::test
{
/// Two servers on one PostgreSQL with the postgres notify transport (NOTIFY_URL): a decision traced on
/// one reaches SSE subscribers of the other, large payloads travel as an id, and a killed NOTIFY
/// connection loses nothing for a client that stays connected or resumes with Last-Event-ID.
class SubscribeClusterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SubscribeClusterTest);
    CPPUNIT_TEST(testDecisionTracedOnOneInstanceReachesTheOther);
    CPPUNIT_TEST(testNotifyConnectionKilledAndRestoredLosesNothing);
    CPPUNIT_TEST_SUITE_END();

    static Poco::Net::NameValueCollection auth(const std::string& lastEventId = "")
    {
        Poco::Net::NameValueCollection headers;
        headers.add("Authorization", IdentityServer::admin());
        if (!lastEventId.empty())
            headers.add("Last-Event-ID", lastEventId);
        return headers;
    }

    static std::string trace(std::uint16_t port, const std::string& outcome)
    {
        Poco::Net::NameValueCollection headers;
        headers.add("Authorization", IdentityServer::admin());
        headers.add("Content-Type", "application/json");
        const auto reply = HttpTestClient(port).request(
            "POST", "/v1/trace",
            R"({"agent_id":"admin","decision":{"decision_type":"deployment","outcome":")" + outcome +
                R"(","confidence":0.6}})",
            headers);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("decision_id");
    }

    static std::string decisionOf(const SseEvent& event)
    {
        return Poco::JSON::Parser().parse(event.data).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(
            "decision_id");
    }

    /// The decision ids of the next `count` akashi_decisions events (fewer if they stop coming).
    static std::vector<std::string> decisions(SseTestClient& client, std::size_t count, std::string* lastId = nullptr)
    {
        std::vector<std::string> ids;
        while (ids.size() < count)
        {
            auto event = client.next(std::chrono::seconds(15));
            if (!event)
                break;
            if (event->event != "akashi_decisions")
                continue;
            ids.push_back(decisionOf(*event));
            if (lastId)
                *lastId = event->id;
        }
        return ids;
    }

    static std::string join(const std::vector<std::string>& ids)
    {
        std::string out;
        for (const auto& id : ids)
            out += (out.empty() ? "" : ",") + id.substr(0, 8);
        return "[" + out + "]";
    }

    struct Cluster
    {
        IdentityServer a;
        std::unique_ptr<ServerProcess> b;
        std::uint16_t bPort = 0;

        explicit Cluster(const std::string& label) : a(label)
        {
            const ServerProcess::Env notify{{"NOTIFY_URL", a.databaseUrl()},
                                            {"AKASHI_NOTIFY_TRANSPORT", "postgres"},
                                            {"AKASHI_NOTIFY_RECONNECT_BASE_MS", "100"}};
            a.restart(notify);
            CPPUNIT_ASSERT(a.process().hasLogged("notify transport selected"));
            b = a.startPeer();
            bPort = *b->waitUntilListening();
        }
    };

public:
    void testDecisionTracedOnOneInstanceReachesTheOther()
    {
        Cluster cluster("sse_cluster");
        SseTestClient onB(cluster.bPort, "/v1/subscribe", auth());
        SseTestClient onA(cluster.a.port(), "/v1/subscribe", auth());
        CPPUNIT_ASSERT_EQUAL(200, onB.status());

        const auto fromA = trace(cluster.a.port(), "traced on A");
        const auto fromB = trace(cluster.bPort, "traced on B");
        // Over NOTIFY's 8000-byte limit: the notification carries the id, the payload comes from the table.
        const std::string large(9000, 'L');
        const auto bigFromA = trace(cluster.a.port(), large);
        CPPUNIT_ASSERT((decisions(onB, 3) == std::vector<std::string>{fromA, fromB, bigFromA}));
        CPPUNIT_ASSERT((decisions(onA, 3) == std::vector<std::string>{fromA, fromB, bigFromA}));
    }

    void testNotifyConnectionKilledAndRestoredLosesNothing()
    {
        Cluster cluster("sse_cluster_kill");
        SseTestClient staying(cluster.bPort, "/v1/subscribe", auth());
        std::string lastId;
        const auto before = trace(cluster.a.port(), "before the outage");
        CPPUNIT_ASSERT((decisions(staying, 1) == std::vector<std::string>{before}));
        {
            SseTestClient leaving(cluster.bPort, "/v1/subscribe", auth());
            const auto seen = trace(cluster.a.port(), "seen by the leaving client");
            CPPUNIT_ASSERT((decisions(leaving, 1, &lastId) == std::vector<std::string>{seen}));
            CPPUNIT_ASSERT((decisions(staying, 1) == std::vector<std::string>{seen}));
        }

        // Every notify connection of this database goes, and new connections are refused for a while, so
        // the reconnects fail and the decisions below are published while no instance listens. (The
        // servers' pooled connections stay open: tracing still works.)
        const auto database = cluster.a.sql().exec("SELECT current_database() AS d").text(0, "d");
        storage::PgConnection sql(TestCluster::maintenance()); // the owner of the cluster may alter the database
        sql.exec("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
        const auto killed = sql.exec("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity "
                                     "WHERE application_name = 'akashi-notify' AND datname = $1",
                                     storage::SqlParams().add(database));
        CPPUNIT_ASSERT(killed.int64(0, "n") >= 2);
        std::vector<std::string> missed;
        for (int i = 0; i < 3; ++i)
            missed.push_back(trace(cluster.a.port(), "during the outage " + std::to_string(i)));
        const bool failedOnce = cluster.b->waitForLog("storage: notify reconnect attempt failed", std::chrono::seconds(30)) != nullptr;
        sql.exec("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
        CPPUNIT_ASSERT(failedOnce);
        CPPUNIT_ASSERT(cluster.b->waitForLog("storage: notify connection restored", std::chrono::seconds(30)));
        CPPUNIT_ASSERT(cluster.a.process().waitForLog("storage: notify connection restored", std::chrono::seconds(30)));
        missed.push_back(trace(cluster.a.port(), "after the outage"));

        // The client that stayed connected gets everything once, in order (live or by catch-up)...
        auto stayed = decisions(staying, missed.size());
        CPPUNIT_ASSERT_MESSAGE("got " + join(stayed) + " expected " + join(missed) + "\nB's log:\n" + cluster.b->stdoutText(),
                               stayed == missed);
        // ...and the one that resumes from its last id gets what it missed, in order.
        SseTestClient resumed(cluster.bPort, "/v1/subscribe", auth(lastId));
        auto replayed = decisions(resumed, missed.size());
        CPPUNIT_ASSERT_MESSAGE("got " + join(replayed) + " expected " + join(missed), replayed == missed);
        CPPUNIT_ASSERT(!resumed.next(std::chrono::milliseconds(500)));
        CPPUNIT_ASSERT_EQUAL(0, cluster.b->stop(SIGTERM));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SubscribeClusterTest);
} // namespace akashi::test
