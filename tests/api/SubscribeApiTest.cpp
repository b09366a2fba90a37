#include "api/IdentityServer.h"
#include "support/SseTestClient.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <set>

namespace akashi::test
{
/// GET /v1/subscribe end to end on one server (inprocess transport): live events, Last-Event-ID
/// replay, org isolation and visibility, keepalives, limits and errors.
class SubscribeApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SubscribeApiTest);
    CPPUNIT_TEST(testLiveDecisionEventWithTheReferencePayload);
    CPPUNIT_TEST(testAssessmentIsAnnounced);
    CPPUNIT_TEST(testLastEventIdReplaysWhatWasMissed);
    CPPUNIT_TEST(testOrgIsolationAndVisibility);
    CPPUNIT_TEST(testErrors);
    CPPUNIT_TEST(testKeepaliveHealthAndSubscriberCap);
    CPPUNIT_TEST_SUITE_END();

    static Poco::Net::NameValueCollection auth(const std::string& authorization, const std::string& lastEventId = "")
    {
        Poco::Net::NameValueCollection headers;
        headers.add("Authorization", authorization);
        if (!lastEventId.empty())
            headers.add("Last-Event-ID", lastEventId);
        return headers;
    }

    static std::string trace(IdentityServer& server, const std::string& agent, const std::string& outcome,
                             const std::string& authorization = IdentityServer::admin(), const std::string& type = "architecture")
    {
        const auto reply = server.call("POST", "/v1/trace",
                                       R"({"agent_id":")" + agent + R"(","decision":{"decision_type":")" + type +
                                           R"(","outcome":")" + outcome + R"(","confidence":0.7}})",
                                       authorization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("decision_id");
    }

    static Poco::JSON::Object::Ptr data(const SseEvent& event)
    {
        return Poco::JSON::Parser().parse(event.data).extract<Poco::JSON::Object::Ptr>();
    }

    /// The next akashi_decisions event (conflict events in between are skipped).
    static std::optional<SseEvent> nextDecision(SseTestClient& client,
                                                std::chrono::milliseconds timeout = std::chrono::milliseconds(10000))
    {
        while (auto event = client.next(timeout))
            if (event->event == "akashi_decisions")
                return event;
        return std::nullopt;
    }

public:
    void testLiveDecisionEventWithTheReferencePayload()
    {
        IdentityServer server("sse_live");
        SseTestClient client(server.port(), "/v1/subscribe", auth(IdentityServer::admin()));
        CPPUNIT_ASSERT_EQUAL(200, client.status());
        CPPUNIT_ASSERT_EQUAL(std::string("text/event-stream"), client.headers().get("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-cache"), client.headers().get("Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("no"), client.headers().get("X-Accel-Buffering"));
        CPPUNIT_ASSERT(client.headers().has("X-Request-ID"));

        const auto id = trace(server, "admin", "use postgres");
        const auto event = nextDecision(client);
        CPPUNIT_ASSERT(event);
        CPPUNIT_ASSERT(!event->id.empty());
        const auto payload = data(*event);
        CPPUNIT_ASSERT_EQUAL(id, payload->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), payload->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string(IdentityServer::kDefaultOrg), payload->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("use postgres"), payload->getValue<std::string>("outcome"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), payload->size());
        // Compact JSON, reference key order.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), event->data.find("{\"decision_id\":\"" + id + "\",\"agent_id\":\"admin\""));
        // The subscriber holds no HTTP worker thread: plain requests are still served meanwhile.
        CPPUNIT_ASSERT_EQUAL(200, server.call("GET", "/health").status);
    }

    void testAssessmentIsAnnounced()
    {
        IdentityServer server("sse_assess");
        const auto id = trace(server, "admin", "use postgres");
        SseTestClient client(server.port(), "/v1/subscribe", auth(IdentityServer::admin()));
        const auto assessed = server.call("POST", "/v1/decisions/" + id + "/assess", R"({"outcome":"correct"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(assessed.body, 201, assessed.status);
        std::optional<SseEvent> event;
        while ((event = nextDecision(client)) && !data(*event)->has("source"))
        {
        }
        CPPUNIT_ASSERT(event);
        const auto payload = data(*event);
        CPPUNIT_ASSERT_EQUAL(std::string("assess"), payload->getValue<std::string>("source"));
        CPPUNIT_ASSERT_EQUAL(id, payload->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(std::string(IdentityServer::kDefaultOrg), payload->getValue<std::string>("org_id"));
    }

    void testLastEventIdReplaysWhatWasMissed()
    {
        IdentityServer server("sse_replay");
        std::string lastId;
        {
            SseTestClient first(server.port(), "/v1/subscribe", auth(IdentityServer::admin()));
            trace(server, "admin", "first");
            const auto event = nextDecision(first);
            CPPUNIT_ASSERT(event);
            lastId = event->id;
        }
        // Disconnected: two decisions go by.
        const auto second = trace(server, "admin", "second");
        const auto third = trace(server, "admin", "third");

        SseTestClient resumed(server.port(), "/v1/subscribe", auth(IdentityServer::admin(), lastId));
        CPPUNIT_ASSERT_EQUAL(200, resumed.status());
        auto a = nextDecision(resumed);
        auto b = nextDecision(resumed);
        CPPUNIT_ASSERT(a && b);
        CPPUNIT_ASSERT_EQUAL(second, data(*a)->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(third, data(*b)->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT(std::stoll(a->id) > std::stoll(lastId) && std::stoll(b->id) > std::stoll(a->id));
        // Then live, without repeats.
        const auto fourth = trace(server, "admin", "fourth");
        auto c = nextDecision(resumed);
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT_EQUAL(fourth, data(*c)->getValue<std::string>("decision_id"));

        // EventSource cannot set headers on its first connection: the query parameter works too.
        SseTestClient byQuery(server.port(), "/v1/subscribe?last_event_id=" + b->id, auth(IdentityServer::admin()));
        auto d = nextDecision(byQuery);
        CPPUNIT_ASSERT(d);
        CPPUNIT_ASSERT_EQUAL(fourth, data(*d)->getValue<std::string>("decision_id"));

        // A replay longer than AKASHI_SSE_REPLAY_LIMIT is cut and the stream closes; resuming goes on.
        server.restart({{"AKASHI_SSE_REPLAY_LIMIT", "2"}});
        SseTestClient cut(server.port(), "/v1/subscribe", auth(IdentityServer::admin(), lastId));
        auto r1 = nextDecision(cut);
        auto r2 = nextDecision(cut);
        CPPUNIT_ASSERT(r1 && r2);
        CPPUNIT_ASSERT_EQUAL(third, data(*r2)->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT(cut.waitForClose(std::chrono::seconds(5)));
        SseTestClient rest(server.port(), "/v1/subscribe", auth(IdentityServer::admin(), r2->id));
        auto r3 = nextDecision(rest);
        CPPUNIT_ASSERT(r3);
        CPPUNIT_ASSERT_EQUAL(fourth, data(*r3)->getValue<std::string>("decision_id"));
    }

    void testOrgIsolationAndVisibility()
    {
        IdentityServer server("sse_isolation");
        const auto otherOrg = server.insertOrg("Other", "other");
        server.insertAgent(otherOrg, "other-admin", "admin", "other-admin-key");
        server.insertAgent(IdentityServer::kDefaultOrg, "alice", "agent", "alice-key");
        server.insertAgent(IdentityServer::kDefaultOrg, "bob", "agent", "bob-key");
        server.insertAgent(IdentityServer::kDefaultOrg, "rita", "reader", "rita-key");
        // Bob shares his traces with rita; alice does not.
        const auto grant = server.call("POST", "/v1/grants",
                                       R"({"grantee_agent_id":"rita","resource_type":"agent_traces","permission":"read"})",
                                       "ApiKey bob:bob-key");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(grant.body, 201, grant.status);

        SseTestClient other(server.port(), "/v1/subscribe", auth("ApiKey other-admin:other-admin-key"));
        SseTestClient rita(server.port(), "/v1/subscribe", auth("ApiKey rita:rita-key"));
        CPPUNIT_ASSERT_EQUAL(200, other.status());
        CPPUNIT_ASSERT_EQUAL(200, rita.status());

        const auto fromAlice = trace(server, "alice", "use postgres", "ApiKey alice:alice-key");
        const auto fromBob = trace(server, "bob", "use mysql", "ApiKey bob:bob-key");
        const auto inOther = trace(server, "other-admin", "use sqlite", "ApiKey other-admin:other-admin-key");

        // Rita sees bob's decision, not alice's, and not the conflict between them (alice is hidden).
        std::vector<SseEvent> seenByRita;
        while (auto event = rita.next(std::chrono::milliseconds(3000)))
            seenByRita.push_back(*event);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), seenByRita.size());
        CPPUNIT_ASSERT_EQUAL(fromBob, data(seenByRita[0])->getValue<std::string>("decision_id"));

        // The other org's admin sees only its own org: its first event is its own decision.
        const auto first = nextDecision(other);
        CPPUNIT_ASSERT(first);
        CPPUNIT_ASSERT_EQUAL(inOther, data(*first)->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(otherOrg, data(*first)->getValue<std::string>("org_id"));

        // Replay is scoped the same way: from the start, the other org gets its one decision only.
        SseTestClient otherReplay(server.port(), "/v1/subscribe", auth("ApiKey other-admin:other-admin-key", "0"));
        std::set<std::string> replayed;
        while (auto event = otherReplay.next(std::chrono::milliseconds(1500)))
            replayed.insert(data(*event)->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT((replayed == std::set<std::string>{otherOrg}));
        SseTestClient ritaReplay(server.port(), "/v1/subscribe", auth("ApiKey rita:rita-key", "0"));
        auto replayedForRita = ritaReplay.next(std::chrono::milliseconds(3000));
        CPPUNIT_ASSERT(replayedForRita);
        CPPUNIT_ASSERT_EQUAL(fromBob, data(*replayedForRita)->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT(!ritaReplay.next(std::chrono::milliseconds(1000)));
        (void)fromAlice;
    }

    void testErrors()
    {
        IdentityServer server("sse_errors");
        SseTestClient anonymous(server.port(), "/v1/subscribe", {});
        CPPUNIT_ASSERT_EQUAL(401, anonymous.status());
        CPPUNIT_ASSERT(anonymous.body().find("missing authorization header") != std::string::npos);

        SseTestClient wrongKey(server.port(), "/v1/subscribe", auth("ApiKey admin:wrong"));
        CPPUNIT_ASSERT_EQUAL(401, wrongKey.status());

        for (const std::string bad : {"abc", "-1", "12345678901234567890", "1.5"})
        {
            SseTestClient client(server.port(), "/v1/subscribe", auth(IdentityServer::admin(), bad));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 400, client.status());
            CPPUNIT_ASSERT_MESSAGE(client.body(), client.body().find("Last-Event-ID") != std::string::npos);
        }
        // An id from the future replays nothing and streams live.
        SseTestClient future(server.port(), "/v1/subscribe", auth(IdentityServer::admin(), "999999"));
        CPPUNIT_ASSERT_EQUAL(200, future.status());
        const auto id = trace(server, "admin", "after the future id");
        auto event = nextDecision(future);
        CPPUNIT_ASSERT(event);
        CPPUNIT_ASSERT_EQUAL(id, data(*event)->getValue<std::string>("decision_id"));
    }

    void testKeepaliveHealthAndSubscriberCap()
    {
        IdentityServer server("sse_keepalive",
                              {{"AKASHI_SSE_KEEPALIVE_INTERVAL", "200ms"}, {"AKASHI_SSE_MAX_SUBSCRIBERS", "2"}});
        SseTestClient first(server.port(), "/v1/subscribe", auth(IdentityServer::admin()));
        CPPUNIT_ASSERT(!first.next(std::chrono::milliseconds(1000)));
        CPPUNIT_ASSERT(first.comments() >= 2);

        const auto health = server.call("GET", "/health").json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("running"), health->getValue<std::string>("sse_broker"));

        SseTestClient second(server.port(), "/v1/subscribe", auth(IdentityServer::admin()));
        CPPUNIT_ASSERT_EQUAL(200, second.status());
        SseTestClient third(server.port(), "/v1/subscribe", auth(IdentityServer::admin()));
        CPPUNIT_ASSERT_EQUAL(503, third.status());
        CPPUNIT_ASSERT(third.body().find("too many subscribers") != std::string::npos);
        // A subscriber that leaves frees its place.
        first.close();
        bool admitted = false;
        for (int i = 0; i < 50 && !admitted; ++i)
        {
            SseTestClient again(server.port(), "/v1/subscribe", auth(IdentityServer::admin()));
            admitted = again.status() == 200;
            if (!admitted)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_ASSERT(admitted);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SubscribeApiTest);
} // namespace akashi::test
