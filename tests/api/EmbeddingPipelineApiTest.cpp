#include "api/IdentityServer.h"
#include "plugins/embedding/FakeEmbeddingServer.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

namespace akashi::test
{
/// The issue's end-to-end promises, through a real server: an embedding provider outage heals by
/// itself, switching providers re-embeds every decision without mixing vector spaces, and two agents
/// contradicting each other produce one conflict. The OpenAI-compatible provider talks to a fake
/// upstream on loopback (tests/plugins/embedding/FakeEmbeddingServer).
class EmbeddingPipelineApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EmbeddingPipelineApiTest);
    CPPUNIT_TEST(testProviderOutageHealsWithoutOperator);
    CPPUNIT_TEST(testSwitchingProviderReEmbedsEveryDecision);
    CPPUNIT_TEST(testContradictoryTracesProduceOneConflict);
    CPPUNIT_TEST_SUITE_END();

    using Fake = plugins::test::FakeEmbeddingServer;
    static constexpr const char* kOpenAiModel = "text-embedding-3-small";

    static ServerProcess::Env openAi(const Fake& upstream)
    {
        return {{"AKASHI_EMBEDDING_PROVIDER", "openai"},
                {"OPENAI_API_KEY", "sk-test-key"},
                {"AKASHI_OPENAI_URL", upstream.url()},
                {"AKASHI_EMBEDDING_DIMENSIONS", "8"},
                {"AKASHI_OPENAI_TIMEOUT", "2s"},
                {"AKASHI_OPENAI_MAX_RETRIES", "0"},
                {"AKASHI_OUTBOX_POLL_INTERVAL", "100ms"}};
    }

    static std::string trace(IdentityServer& server, const std::string& agent, const std::string& type,
                             const std::string& outcome)
    {
        const auto reply = server.call("POST", "/v1/trace",
                                       R"({"agent_id":")" + agent + R"(","decision":{"decision_type":")" + type +
                                           R"(","outcome":")" + outcome + R"(","confidence":0.8}})",
                                       IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("decision_id");
    }

    static std::int64_t count(IdentityServer& server, const std::string& sql)
    {
        return server.sql().exec(sql).int64(0, "n");
    }

    /// Polls `done` every 100 ms for up to `seconds`.
    template <typename Done>
    static bool eventually(Done done, int seconds = 30)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (std::chrono::steady_clock::now() < deadline)
        {
            if (done())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return done();
    }

    static HttpReply search(IdentityServer& server, const std::string& query)
    {
        return server.call("POST", "/v1/search", R"({"query":")" + query + R"(","semantic":true})", IdentityServer::admin());
    }

public:
    void testProviderOutageHealsWithoutOperator()
    {
        auto upstream = std::make_unique<Fake>(Fake::openAi(8));
        const auto port = upstream->port();
        IdentityServer server("pipeline_outage", openAi(*upstream));
        const auto first = trace(server, "alice", "architecture", "use postgres for the ledger");
        CPPUNIT_ASSERT(eventually([&] {
            return count(server, "SELECT count(*) AS n FROM decisions WHERE embedding_model = 'text-embedding-3-small'") == 1;
        }));

        // The provider goes away: traces still succeed, search answers from full-text search.
        upstream.reset();
        const auto second = trace(server, "bob", "deployment", "ship the ledger on friday");
        const auto third = trace(server, "carol", "security", "rotate ledger keys monthly");
        auto reply = search(server, "ledger keys");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text"), reply.headers.get("X-Akashi-Search-Mode", ""));
        CPPUNIT_ASSERT_EQUAL(third, reply.json()->getArray("data")->getObject(0)->getObject("decision")->getValue<std::string>("id"));
        CPPUNIT_ASSERT(eventually([&] {
            return server.call("GET", "/health", "").json()->getObject("data")->getValue<std::string>("embedding") ==
                   "unavailable";
        }));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), count(server, "SELECT count(*) AS n FROM search_outbox WHERE attempts = 0"));
        const auto down = server.process().waitForLog("embedding: provider unavailable error");
        CPPUNIT_ASSERT(down);
        CPPUNIT_ASSERT(down->getValue<std::string>("error").find("openai") != std::string::npos);

        // It comes back on the same address: everything is embedded and searchable by meaning, no operator.
        upstream = std::make_unique<Fake>(Fake::openAi(8), port);
        CPPUNIT_ASSERT(eventually(
            [&] {
                return count(server, "SELECT count(*) AS n FROM decisions WHERE embedding_model = 'text-embedding-3-small'") == 3;
            },
            90));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(server, "SELECT count(*) AS n FROM search_outbox"));
        CPPUNIT_ASSERT(server.process().waitForLog("embedding: provider available again"));
        CPPUNIT_ASSERT(eventually([&] {
            reply = search(server, "ledger");
            return reply.headers.get("X-Akashi-Search-Mode", "") == "semantic" && reply.json()->getArray("data")->size() == 3;
        }));
        const auto health = server.call("GET", "/health", "").json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("available"), health->getValue<std::string>("embedding"));
        CPPUNIT_ASSERT_EQUAL(std::string(kOpenAiModel), health->getValue<std::string>("embedding_provider"));
        CPPUNIT_ASSERT_EQUAL(3, health->getValue<int>("vector_index_size"));
        (void)first;
        (void)second;
    }

    void testSwitchingProviderReEmbedsEveryDecision()
    {
        IdentityServer server("pipeline_switch", {{"AKASHI_EMBEDDING_PROVIDER", "local"},
                                                  {"AKASHI_EMBEDDING_DIMENSIONS", "64"},
                                                  {"AKASHI_OUTBOX_POLL_INTERVAL", "100ms"}});
        for (int i = 0; i < 5; ++i)
            trace(server, "agent-" + std::to_string(i), "type-" + std::to_string(i), "outcome number " + std::to_string(i));
        CPPUNIT_ASSERT(eventually([&] {
            return count(server, "SELECT count(*) AS n FROM decisions WHERE embedding_model LIKE 'local-hash-%' AND "
                                 "embedding_dimensions = 64") == 5;
        }));
        CPPUNIT_ASSERT(eventually([&] { return search(server, "outcome number").headers.get("X-Akashi-Search-Mode", "") == "semantic"; }));

        Fake upstream(Fake::openAi(8));
        server.restart(openAi(upstream));
        CPPUNIT_ASSERT(server.process().waitForLog("embedding backfill: done"));
        CPPUNIT_ASSERT(eventually([&] {
            return count(server, "SELECT count(*) AS n FROM decisions WHERE embedding_model = 'text-embedding-3-small' AND "
                                 "embedding_dimensions = 8 AND array_length(embedding, 1) = 8") == 5;
        }));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count(server, "SELECT count(*) AS n FROM decisions WHERE embedding_model LIKE 'local-hash-%'"));
        // Every vector the new provider was asked for is a decision's (or outcome's or query's) text; the
        // index and the hydration only ever hold its model.
        HttpReply reply;
        CPPUNIT_ASSERT(eventually([&] {
            reply = search(server, "outcome number");
            return reply.headers.get("X-Akashi-Search-Mode", "") == "semantic" && reply.json()->getArray("data")->size() == 5;
        }));
        CPPUNIT_ASSERT(upstream.requestCount() >= 2);
    }

    void testContradictoryTracesProduceOneConflict()
    {
        IdentityServer server("pipeline_conflict", {{"AKASHI_EMBEDDING_PROVIDER", "local"},
                                                    {"AKASHI_OUTBOX_POLL_INTERVAL", "100ms"}});
        const auto a = trace(server, "planner", "database", "use PostgreSQL for the orders service");
        const auto b = trace(server, "coder", "database", "use MongoDB for the orders service");
        trace(server, "reviewer", "ui", "use a dark theme");
        Poco::JSON::Array::Ptr conflicts;
        CPPUNIT_ASSERT(eventually([&] {
            conflicts = server.call("GET", "/v1/conflicts", "", IdentityServer::admin()).json()->getArray("data");
            return conflicts->size() >= 1;
        }));
        // Give the worker time to have processed everything: still exactly one.
        CPPUNIT_ASSERT(eventually([&] { return count(server, "SELECT count(*) AS n FROM search_outbox") == 0; }));
        conflicts = server.call("GET", "/v1/conflicts", "", IdentityServer::admin()).json()->getArray("data");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), conflicts->size());
        const auto conflict = conflicts->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::min(a, b), conflict->getValue<std::string>("decision_a_id"));
        CPPUNIT_ASSERT_EQUAL(std::max(a, b), conflict->getValue<std::string>("decision_b_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("cross_agent"), conflict->getValue<std::string>("conflict_kind"));
        CPPUNIT_ASSERT_EQUAL(std::string("open"), conflict->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("database"), conflict->getValue<std::string>("decision_type"));
        CPPUNIT_ASSERT(conflict->getValue<double>("significance") > 0);
        // Visible from either decision.
        const auto ofA = server.call("GET", "/v1/decisions/" + a + "/conflicts", "", IdentityServer::admin()).json()->getArray("data");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), ofA->size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EmbeddingPipelineApiTest);
} // namespace akashi::test
