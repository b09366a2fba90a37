#include "api/DecisionFixtures.h"
#include "api/IdentityServer.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// POST /v1/search end to end against the real server, which has no vector index yet: every search is
/// served by the text path (full-text, then ILIKE), whatever `semantic` says, and the header says so.
/// Shape, ordering, org isolation, RBAC, filters, limit clamping, strict validation, visibility tokens.
class SearchApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SearchApiTest);
    CPPUNIT_TEST(testTextSearchEndToEnd);
    CPPUNIT_TEST(testValidation);
    CPPUNIT_TEST(testVisibilityToken);
    CPPUNIT_TEST_SUITE_END();

    static DecisionSpec spec(const std::string& agent, const std::string& outcome, const std::string& validFrom)
    {
        DecisionSpec spec;
        spec.agentId = agent;
        spec.outcome = outcome;
        spec.validFrom = validFrom;
        return spec;
    }

    /// The decision ids of a 200 reply, after checking the envelope, the header and the result shape.
    static std::vector<std::string> resultIds(const HttpReply& reply)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text"), reply.headers.get("X-Akashi-Search-Mode", ""));
        const auto body = reply.json();
        CPPUNIT_ASSERT(body->has("meta"));
        // HEAD's list envelope: all results in one page.
        const auto results = body->getArray("data");
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(results->size()), body->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(results->size()), body->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("offset"));
        CPPUNIT_ASSERT(!body->getValue<bool>("has_more"));
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < results->size(); ++i)
        {
            const auto result = results->getObject(static_cast<unsigned>(i));
            CPPUNIT_ASSERT(result->getValue<double>("similarity_score") > 0);
            CPPUNIT_ASSERT(!result->has("qdrant_rank")); // text results have no ANN rank
            ids.push_back(result->getObject("decision")->getValue<std::string>("id"));
        }
        return ids;
    }

    static void expect400(IdentityServer& server, const std::string& body, const std::string& message)
    {
        const auto reply = server.call("POST", "/v1/search", body, IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
        CPPUNIT_ASSERT_EQUAL(message, IdentityServer::errorMessage(reply));
    }

    using Ids = std::vector<std::string>;

public:
    void testTextSearchEndToEnd()
    {
        IdentityServer server("search_api");
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        server.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        DecisionFixtures fx(server.sql());
        const auto redis = fx.insertDecision(spec("alice", "Use Redis for the session cache", "2026-01-03T00:00:00Z"));
        auto reasoned = spec("bob", "Use an in-memory store for the sessions", "2026-01-02T00:00:00Z");
        reasoned.reasoning = "redis was the other candidate";
        reasoned.decisionType = "security";
        const auto inReasoning = fx.insertDecision(reasoned);
        fx.insertDecision(spec("alice", "Use PostgreSQL for events", "2026-01-01T00:00:00Z"));
        const auto otherOrg = server.insertOrg("Other", "other");
        server.insertAgent(otherOrg, "olga", "admin", "olga-key");
        auto foreign = spec("olga", "Use Redis everywhere", "2026-01-04T00:00:00Z");
        foreign.orgId = otherOrg;
        const auto foreignId = fx.insertDecision(foreign);

        // Outcome (weight A) ranks above reasoning (weight C); the decision is the full Decision object.
        auto reply = server.call("POST", "/v1/search", R"({"query":"redis"})", IdentityServer::admin());
        CPPUNIT_ASSERT((resultIds(reply) == Ids{redis, inReasoning}));
        const auto first = reply.json()->getArray("data")->getObject(0)->getObject("decision");
        CPPUNIT_ASSERT_EQUAL(std::string("Use Redis for the session cache"), first->getValue<std::string>("outcome"));
        CPPUNIT_ASSERT(first->has("valid_from") && first->has("completeness_score") && first->has("conflict_count"));

        // semantic: true without a vector index is served by text search, and says so.
        CPPUNIT_ASSERT((resultIds(server.call("POST", "/v1/search", R"({"query":"redis","semantic":true})", IdentityServer::admin())) ==
                        Ids{redis, inReasoning}));
        // Stop words only: the ILIKE fallback ("the" is in both session outcomes, not in "PostgreSQL for events").
        CPPUNIT_ASSERT((resultIds(server.call("POST", "/v1/search", R"({"query":"the"})", IdentityServer::admin())) ==
                        Ids{redis, inReasoning}));
        CPPUNIT_ASSERT(resultIds(server.call("POST", "/v1/search", R"({"query":"zebra"})", IdentityServer::admin())).empty());

        // Filters (the /v1/query object), limit clamped to 1..1000.
        CPPUNIT_ASSERT((resultIds(server.call("POST", "/v1/search",
                                              R"({"query":"redis","filters":{"decision_type":"security"}})", IdentityServer::admin())) ==
                        Ids{inReasoning}));
        CPPUNIT_ASSERT((resultIds(server.call("POST", "/v1/search", R"({"query":"redis","limit":1})", IdentityServer::admin())) ==
                        Ids{redis}));
        CPPUNIT_ASSERT((resultIds(server.call("POST", "/v1/search", R"({"query":"redis","limit":0})", IdentityServer::admin())) ==
                        Ids{redis}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             resultIds(server.call("POST", "/v1/search", R"({"query":"redis","limit":5000})", IdentityServer::admin()))
                                 .size());

        // A reader sees only visible agents (alice, via the tag); the other org only its own row.
        CPPUNIT_ASSERT((resultIds(server.call("POST", "/v1/search", R"({"query":"redis"})",
                                              server.bearer("rita", "rita-key"))) == Ids{redis}));
        CPPUNIT_ASSERT((resultIds(server.call("POST", "/v1/search", R"({"query":"redis"})",
                                              server.bearer("olga", "olga-key"))) == Ids{foreignId}));
    }

    void testValidation()
    {
        IdentityServer server("search_api_validation");
        expect400(server, R"({})", "invalid request body: field \"query\" is required");
        expect400(server, R"({"query":""})", "invalid request body: field \"query\" must not be empty");
        expect400(server, R"({"query":" \t "})", "invalid request body: field \"query\" must not be only whitespace");
        expect400(server, R"({"query":")" + std::string(4097, 'a') + "\"}",
                  "invalid request body: field \"query\" must be at most 4096 bytes");
        expect400(server, R"({"query":7})", "invalid request body: field \"query\" must be a string");
        expect400(server, R"({"query":"redis","semantic":"yes"})",
                  "invalid request body: field \"semantic\" must be a boolean");
        expect400(server, R"({"query":"redis","limit":"ten"})", "invalid request body: field \"limit\" must be an integer");
        expect400(server, R"({"query":"redis","offset":10})", "invalid request body: unknown field \"offset\"");
        expect400(server, R"({"query":"redis","filters":[]})", "invalid request body: field \"filters\" must be an object");
        expect400(server, R"({"query":"redis","filters":{"agent":"x"}})",
                  "invalid request body: unknown field \"filters.agent\"");
        expect400(server, R"({"query":"redis","filters":{"confidence_min":2}})",
                  "invalid request body: field \"filters.confidence_min\" must be between 0 and 1");
        expect400(server, R"({"query":"redis","filters":{"run_id":"r1"}})",
                  "invalid request body: field \"filters.run_id\" must be a UUID");
        // A maximal query is accepted.
        const auto longest = server.call("POST", "/v1/search", R"({"query":")" + std::string(4096, 'a') + "\"}", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(longest.body, 200, longest.status);

        const auto anonymous = server.call("POST", "/v1/search", R"({"query":"redis"})");
        CPPUNIT_ASSERT_EQUAL(401, anonymous.status);
    }

    void testVisibilityToken()
    {
        IdentityServer server("search_api_visibility", {{"AKASHI_VISIBILITY_WAIT_TIMEOUT", "200ms"}});
        DecisionFixtures(server.sql()).insertDecision(spec("alice", "Use Redis", "2026-01-01T00:00:00Z"));
        auto reached = server.call("POST", "/v1/search",
                                   R"({"query":"redis","min_visibility_token":"v1.0000000000000000"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), resultIds(reached).size());
        auto unreachable = server.call("POST", "/v1/search",
                                       R"({"query":"redis","min_visibility_token":"v1.ffffffffffffffff"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(unreachable.body, 504, unreachable.status);
        CPPUNIT_ASSERT_EQUAL(std::string("write not visible within 200 ms"), IdentityServer::errorMessage(unreachable));
        auto malformed = server.call("POST", "/v1/search", R"({"query":"redis","min_visibility_token":"abc"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(400, malformed.status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SearchApiTest);
} // namespace akashi::test
