#include "api/DecisionFixtures.h"
#include "api/IdentityServer.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// POST /v1/query, /v1/query/temporal and /v1/check end to end: filters, ordering, paging with exact
/// totals under RBAC, org isolation, strict validation, and read-after-write tokens.
class QueryApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(QueryApiTest);
    CPPUNIT_TEST(testQueryFiltersPagingAndVisibility);
    CPPUNIT_TEST(testQueryValidation);
    CPPUNIT_TEST(testTemporalAsOfAroundARevision);
    CPPUNIT_TEST(testCheckPrecedentsAndConflicts);
    CPPUNIT_TEST(testVisibilityTokenTimesOut);
    CPPUNIT_TEST_SUITE_END();

    static DecisionSpec at(const std::string& agent, const std::string& validFrom, double confidence = 0.8)
    {
        DecisionSpec spec;
        spec.agentId = agent;
        spec.validFrom = validFrom;
        spec.confidence = confidence;
        spec.outcome = agent + " decided at " + validFrom;
        return spec;
    }

    static std::vector<std::string> ids(const Poco::JSON::Array::Ptr& items)
    {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < items->size(); ++i)
            out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
        return out;
    }

    static void expect400(IdentityServer& server, const std::string& path, const std::string& body,
                          const std::string& message)
    {
        auto reply = server.call("POST", path, body, IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
        CPPUNIT_ASSERT_EQUAL(message, IdentityServer::errorMessage(reply));
    }

public:
    void testQueryFiltersPagingAndVisibility()
    {
        IdentityServer server("query_filters");
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        server.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        server.insertAgent(org, "bob", "agent", "bob-key");
        DecisionFixtures fx(server.sql());
        const auto a1 = fx.insertDecision(at("alice", "2026-01-01T00:00:01Z", 0.9));
        const auto a2 = fx.insertDecision(at("alice", "2026-01-01T00:00:02Z", 0.4));
        auto traced = at("alice", "2026-01-01T00:00:03Z", 0.6);
        traced.runId = fx.insertRun(org, "alice", std::string("trace-42"));
        const auto a3 = fx.insertDecision(traced);
        fx.insertAlternative(a3, org, "sqlite", std::string("no concurrency"));
        fx.insertEvidence(a3, org, "document", "load test results");
        const auto b1 = fx.insertDecision(at("bob", "2026-01-01T00:00:04Z"));
        const auto otherOrg = server.insertOrg("Other", "other");
        server.insertAgent(otherOrg, "olga", "admin", "olga-key");
        auto foreign = at("olga", "2026-01-01T00:00:05Z");
        foreign.orgId = otherOrg;
        const auto o1 = fx.insertDecision(foreign);

        // The admin sees the whole org (and nothing of the other), newest first by default.
        auto all = server.call("POST", "/v1/query", R"({"filters":{}})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(all.body, 200, all.status);
        auto body = all.json();
        CPPUNIT_ASSERT_EQUAL(4, body->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(50, body->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("offset"));
        CPPUNIT_ASSERT(!body->getValue<bool>("has_more"));
        CPPUNIT_ASSERT(body->has("meta"));
        CPPUNIT_ASSERT((ids(body->getArray("data")) == std::vector<std::string>{b1, a3, a2, a1}));
        auto first = body->getArray("data")->getObject(1);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), first->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string(org), first->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:03Z"), first->getValue<std::string>("valid_from"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.6, first->getValue<double>("confidence"), 1e-6);
        CPPUNIT_ASSERT_EQUAL(0, first->getValue<int>("conflict_count"));
        CPPUNIT_ASSERT(first->has("metadata") && first->has("completeness_score") && first->has("transaction_time"));
        CPPUNIT_ASSERT(!first->has("alternatives") && !first->has("evidence") && !first->has("valid_to"));

        // A reader sees only visible agents (tag "team": alice and itself), and the total matches.
        const auto asRita = server.bearer("rita", "rita-key");
        auto visible = server.call("POST", "/v1/query", R"({"filters":{},"limit":2})", asRita).json();
        CPPUNIT_ASSERT_EQUAL(3, visible->getValue<int>("total"));
        CPPUNIT_ASSERT(visible->getValue<bool>("has_more"));
        CPPUNIT_ASSERT((ids(visible->getArray("data")) == std::vector<std::string>{a3, a2}));
        visible = server.call("POST", "/v1/query", R"({"filters":{},"limit":2,"offset":2})", asRita).json();
        CPPUNIT_ASSERT((ids(visible->getArray("data")) == std::vector<std::string>{a1}));
        CPPUNIT_ASSERT(!visible->getValue<bool>("has_more"));
        // Asking for an invisible agent finds nothing rather than leaking it.
        auto bobs = server.call("POST", "/v1/query", R"({"filters":{"agent_id":["bob"]}})", asRita).json();
        CPPUNIT_ASSERT_EQUAL(0, bobs->getValue<int>("total"));

        // Filters, order and include.
        auto filtered = server.call("POST", "/v1/query",
                                    R"({"filters":{"agent_id":["alice"],"confidence_min":0.5,)"
                                    R"("time_range":{"from":"2026-01-01T00:00:00Z","to":"2026-01-01T00:00:03Z"}},)"
                                    R"("order_by":"confidence","order_dir":"asc","include":["alternatives","evidence"]})",
                                    IdentityServer::admin())
                            .json();
        CPPUNIT_ASSERT_EQUAL(2, filtered->getValue<int>("total"));
        CPPUNIT_ASSERT((ids(filtered->getArray("data")) == std::vector<std::string>{a3, a1}));
        auto withChildren = filtered->getArray("data")->getObject(0);
        auto alternative = withChildren->getArray("alternatives")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("sqlite"), alternative->getValue<std::string>("label"));
        CPPUNIT_ASSERT_EQUAL(std::string("no concurrency"), alternative->getValue<std::string>("rejection_reason"));
        CPPUNIT_ASSERT_EQUAL(a3, alternative->getValue<std::string>("decision_id"));
        auto evidence = withChildren->getArray("evidence")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("load test results"), evidence->getValue<std::string>("content"));
        CPPUNIT_ASSERT_EQUAL(std::string("document"), evidence->getValue<std::string>("source_type"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), filtered->getArray("data")->getObject(1)->getArray("alternatives")->size());

        auto byTrace = server.call("POST", "/v1/query", R"({"filters":{},"trace_id":"trace-42"})", IdentityServer::admin()).json();
        CPPUNIT_ASSERT((ids(byTrace->getArray("data")) == std::vector<std::string>{a3}));

        // The other org's admin sees only its own rows.
        auto foreignView = server.call("POST", "/v1/query", R"({"filters":{}})", server.bearer("olga", "olga-key")).json();
        CPPUNIT_ASSERT((ids(foreignView->getArray("data")) == std::vector<std::string>{o1}));

        // Superseded rows are not current: a revision replaces its predecessor in query results.
        fx.revise(b1, at("bob", "2026-01-01T00:00:06Z"));
        CPPUNIT_ASSERT_EQUAL(4, server.call("POST", "/v1/query", R"({"filters":{}})", IdentityServer::admin()).json()->getValue<int>("total"));
        // A reader may not lack the role; unauthenticated callers are refused at the gate.
        CPPUNIT_ASSERT_EQUAL(401, server.call("POST", "/v1/query", R"({"filters":{}})").status);
    }

    void testQueryValidation()
    {
        IdentityServer server("query_validation");
        expect400(server, "/v1/query", R"({})", "invalid request body: field \"filters\" is required");
        expect400(server, "/v1/query", R"({"filters":[]})", "invalid request body: field \"filters\" must be an object");
        expect400(server, "/v1/query", R"({"filters":{"agent_id":"alice"}})",
                  "invalid request body: field \"filters.agent_id\" must be an array of strings");
        expect400(server, "/v1/query", R"({"filters":{"confidence_min":"high"}})",
                  "invalid request body: field \"filters.confidence_min\" must be a number");
        expect400(server, "/v1/query", R"({"filters":{"confidence_min":1.5}})",
                  "invalid request body: field \"filters.confidence_min\" must be between 0 and 1");
        expect400(server, "/v1/query", R"({"filters":{"run_id":"run-1"}})",
                  "invalid request body: field \"filters.run_id\" must be a UUID");
        expect400(server, "/v1/query", R"({"filters":{"time_range":{"from":"yesterday"}}})",
                  "invalid request body: field \"filters.time_range.from\" must be an RFC 3339 timestamp");
        expect400(server, "/v1/query", R"({"filters":{"colour":"red"}})",
                  "invalid request body: unknown field \"filters.colour\"");
        expect400(server, "/v1/query", R"({"filters":{},"order_by":"created_at"})",
                  "invalid request body: field \"order_by\" must be one of confidence, valid_from, decision_type, "
                  "outcome, completeness_score, outcome_score, agent_id, project");
        expect400(server, "/v1/query", R"({"filters":{},"order_by":"confidence; DROP TABLE decisions"})",
                  "invalid request body: field \"order_by\" must be one of confidence, valid_from, decision_type, "
                  "outcome, completeness_score, outcome_score, agent_id, project");
        expect400(server, "/v1/query", R"({"filters":{},"order_dir":"up"})",
                  "invalid request body: field \"order_dir\" must be \"asc\" or \"desc\"");
        expect400(server, "/v1/query", R"({"filters":{},"include":["reasoning"]})",
                  "invalid request body: field \"include\" must contain only \"alternatives\" and \"evidence\"");
        expect400(server, "/v1/query", R"({"filters":{},"limit":"ten"})",
                  "invalid request body: field \"limit\" must be an integer");
        expect400(server, "/v1/query", R"({"filters":{},"min_visibility_token":"v2.garbage"})",
                  "invalid min_visibility_token: not a visibility token issued by this server");
        expect400(server, "/v1/query", R"({"filters":{},"semantic":true})",
                  "invalid request body: unknown field \"semantic\"");

        // Limits are clamped, not refused.
        auto clamped = server.call("POST", "/v1/query", R"({"filters":{},"limit":5000,"offset":-3})", IdentityServer::admin()).json();
        CPPUNIT_ASSERT_EQUAL(1000, clamped->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, clamped->getValue<int>("offset"));
    }

    void testTemporalAsOfAroundARevision()
    {
        IdentityServer server("query_temporal");
        DecisionFixtures fx(server.sql());
        const auto before = fx.insertDecision(at("alice", "2026-01-01T10:00:00Z"));
        const auto after = fx.revise(before, at("alice", "2026-01-01T12:00:00Z"));

        auto early = server.call("POST", "/v1/query/temporal", R"({"as_of":"2026-01-01T11:00:00Z","filters":{}})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(early.body, 200, early.status);
        auto data = early.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T11:00:00Z"), data->getValue<std::string>("as_of"));
        CPPUNIT_ASSERT((ids(data->getArray("decisions")) == std::vector<std::string>{before}));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T12:00:00Z"),
                             data->getArray("decisions")->getObject(0)->getValue<std::string>("valid_to"));

        auto late = server.call("POST", "/v1/query/temporal",
                                R"({"as_of":"2026-01-01T13:00:00+01:00","filters":{"agent_id":["alice"]},"limit":10})",
                                IdentityServer::admin());
        data = late.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T12:00:00Z"), data->getValue<std::string>("as_of"));
        CPPUNIT_ASSERT((ids(data->getArray("decisions")) == std::vector<std::string>{after}));
        auto none = server.call("POST", "/v1/query/temporal", R"({"as_of":"2025-12-31T00:00:00Z","filters":{}})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), none.json()->getObject("data")->getArray("decisions")->size());

        expect400(server, "/v1/query/temporal", R"({"filters":{}})", "invalid request body: field \"as_of\" is required");
        expect400(server, "/v1/query/temporal", R"({"as_of":"noon","filters":{}})",
                  "invalid request body: field \"as_of\" must be an RFC 3339 timestamp");
        expect400(server, "/v1/query/temporal", R"({"as_of":"2999-01-01T00:00:00Z","filters":{}})",
                  "invalid request body: field \"as_of\" must not be more than 1 minute in the future");
        expect400(server, "/v1/query/temporal", R"({"as_of":"2026-01-01T11:00:00Z"})",
                  "invalid request body: field \"filters\" is required");
        expect400(server, "/v1/query/temporal", R"({"as_of":"2026-01-01T11:00:00Z","filters":{},"order_by":"confidence"})",
                  "invalid request body: unknown field \"order_by\"");
    }

    void testCheckPrecedentsAndConflicts()
    {
        IdentityServer server("query_check", IdentityServer::withoutConflictDetection());
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        server.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        DecisionFixtures fx(server.sql());
        auto redisSpec = at("alice", "2026-01-01T00:00:01Z");
        redisSpec.outcome = "Use Redis for session caching";
        const auto redis = fx.insertDecision(redisSpec);
        auto memSpec = at("bob", "2026-01-01T00:00:02Z");
        memSpec.outcome = "Use Memcached for session caching";
        const auto memcached = fx.insertDecision(memSpec);
        auto pgSpec = at("alice", "2026-01-01T00:00:03Z");
        pgSpec.outcome = "Use PostgreSQL as the event store";
        const auto postgres = fx.insertDecision(pgSpec);
        const auto conflict = fx.insertConflict(org, redis, memcached, "architecture");

        auto reply = server.call("POST", "/v1/check", R"({"decision_type":"architecture","query":"redis"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT(data->getValue<bool>("has_precedent"));
        CPPUNIT_ASSERT((ids(data->getArray("decisions")) == std::vector<std::string>{redis}));
        auto found = data->getArray("conflicts")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(conflict, found->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("open"), found->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("cross_agent"), found->getValue<std::string>("conflict_kind"));
        CPPUNIT_ASSERT_EQUAL(std::string("Use Memcached for session caching"), found->getValue<std::string>("outcome_b"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:01Z"), found->getValue<std::string>("decided_at_a"));

        // No text match: recent-first precedents instead.
        data = server.call("POST", "/v1/check", R"({"decision_type":"architecture","query":"kubernetes","limit":2})", IdentityServer::admin())
                   .json()
                   ->getObject("data");
        CPPUNIT_ASSERT((ids(data->getArray("decisions")) == std::vector<std::string>{postgres, memcached}));

        // A reader: only visible agents' precedents, and no conflict involving an invisible agent.
        data = server.call("POST", "/v1/check", R"({"decision_type":"architecture"})", server.bearer("rita", "rita-key"))
                   .json()
                   ->getObject("data");
        CPPUNIT_ASSERT((ids(data->getArray("decisions")) == std::vector<std::string>{postgres, redis}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), data->getArray("conflicts")->size());

        data = server.call("POST", "/v1/check", R"({"decision_type":"security"})", IdentityServer::admin()).json()->getObject("data");
        CPPUNIT_ASSERT(!data->getValue<bool>("has_precedent"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), data->getArray("decisions")->size());

        expect400(server, "/v1/check", R"({"query":"redis"})", "invalid request body: field \"decision_type\" is required");
        expect400(server, "/v1/check", R"({"decision_type":7})", "invalid request body: field \"decision_type\" must be a string");
        expect400(server, "/v1/check", R"({"decision_type":"architecture","format":"full"})",
                  "invalid request body: unknown field \"format\"");
    }

    void testVisibilityTokenTimesOut()
    {
        IdentityServer server("query_visibility", {{"AKASHI_VISIBILITY_WAIT_TIMEOUT", "200ms"}});
        DecisionFixtures fx(server.sql());
        fx.insertDecision(at("alice", "2026-01-01T00:00:01Z"));

        // A token already reached (LSN 0) reads at once.
        auto reached = server.call("POST", "/v1/query", R"({"filters":{},"min_visibility_token":"v1.0000000000000000"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reached.body, 200, reached.status);
        CPPUNIT_ASSERT_EQUAL(1, reached.json()->getValue<int>("total"));

        const std::string unreachable = "v1.ffffffffffffffff";
        for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
                 {"/v1/query", R"({"filters":{},"min_visibility_token":")" + unreachable + "\"}"},
                 {"/v1/query/temporal", R"({"as_of":"2026-01-02T00:00:00Z","filters":{},"min_visibility_token":")" +
                                            unreachable + "\"}"},
                 {"/v1/check", R"({"decision_type":"architecture","min_visibility_token":")" + unreachable + "\"}"}})
        {
            auto reply = server.call("POST", path, body, IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + reply.body, 504, reply.status);
            CPPUNIT_ASSERT_EQUAL(std::string("VISIBILITY_TIMEOUT"),
                                 reply.json()->getObject("error")->getValue<std::string>("code"));
            CPPUNIT_ASSERT_EQUAL(std::string("write not visible within 200 ms"), IdentityServer::errorMessage(reply));
        }
        for (const std::string path : {"/v1/decisions/recent", "/v1/agents/alice/history", "/v1/export/decisions"})
        {
            auto reply = server.call("GET", path + "?min_visibility_token=" + unreachable, "", IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + reply.body, 504, reply.status);
            CPPUNIT_ASSERT_EQUAL(std::string("write not visible within 200 ms"), IdentityServer::errorMessage(reply));
            auto malformed = server.call("GET", path + "?min_visibility_token=abc", "", IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL(400, malformed.status);
            CPPUNIT_ASSERT_EQUAL(std::string("invalid min_visibility_token: not a visibility token issued by this server"),
                                 IdentityServer::errorMessage(malformed));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QueryApiTest);
} // namespace akashi::test
