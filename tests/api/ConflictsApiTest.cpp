#include "api/ConflictFixtures.h"
#include "api/DecisionFixtures.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// The conflict reads end to end: GET /v1/conflicts (every filter, paging, exact totals), GET
/// /v1/conflicts/{id} and GET /v1/decisions/{id}/conflicts, with org isolation and the rule that a conflict
/// is visible only when both of its agents are. Decisions are traced through the API; conflict rows are
/// inserted with SQL (detection is not under test).
class ConflictsApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConflictsApiTest);
    CPPUNIT_TEST(testListFiltersAndPaging);
    CPPUNIT_TEST(testBadQueryParameters);
    CPPUNIT_TEST(testOrgIsolation);
    CPPUNIT_TEST(testVisibilityOfBothAgents);
    CPPUNIT_TEST(testDecisionConflicts);
    CPPUNIT_TEST_SUITE_END();

    static std::string admin() { return IdentityServer::admin(); }

public:
    void testListFiltersAndPaging()
    {
        IdentityServer server("conflicts_list", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        const std::string org = IdentityServer::kDefaultOrg;
        const auto a1 = fx.trace("alice", 0.9);
        const auto a3 = fx.trace("alice", 0.3);
        const auto b1 = fx.trace("bob", 0.4);
        const auto c1 = fx.trace("carol", 0.6);
        const auto a2 = fx.trace("alice", 0.7, "security");
        const auto b2 = fx.trace("bob", 0.2, "security");
        DecisionFixtures rows(server.sql());
        DecisionSpec billing;
        billing.agentId = "alice";
        billing.project = "billing";
        const auto p1 = rows.insertDecision(billing);
        DecisionSpec unassigned;
        unassigned.agentId = "carol";
        const auto p2 = rows.insertDecision(unassigned);

        const auto k1 = fx.insertConflict({a1, b1, "2026-01-01T00:00:01Z", "cross_agent", "high", "factual"});
        const auto k2 = fx.insertConflict({b1, c1, "2026-01-01T00:00:02Z", "cross_agent", "low", "strategic"});
        const auto k3 = fx.insertConflict(
            {a2, b2, "2026-01-01T00:00:03Z", "cross_agent", "high", "assessment", "resolved", "security"});
        const auto k4 = fx.insertConflict({a1, a3, "2026-01-01T00:00:04Z", "self_contradiction"});
        const auto k5 = fx.insertConflict({p1, p2, "2026-01-01T00:00:05Z"});

        auto reply = server.call("GET", "/v1/conflicts", "", admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto body = reply.json();
        CPPUNIT_ASSERT_EQUAL(5, body->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(25, body->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("offset"));
        CPPUNIT_ASSERT(!body->getValue<bool>("has_more"));
        CPPUNIT_ASSERT(body->has("meta"));
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{k5, k4, k3, k2, k1}));
        auto oldest = body->getArray("data")->getObject(4);
        CPPUNIT_ASSERT_EQUAL(a1, oldest->getValue<std::string>("decision_a_id"));
        CPPUNIT_ASSERT_EQUAL(b1, oldest->getValue<std::string>("decision_b_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), oldest->getValue<std::string>("agent_a"));
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), oldest->getValue<std::string>("agent_b"));
        CPPUNIT_ASSERT_EQUAL(std::string(org), oldest->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("high"), oldest->getValue<std::string>("severity"));
        CPPUNIT_ASSERT_EQUAL(std::string("factual"), oldest->getValue<std::string>("category"));
        CPPUNIT_ASSERT_EQUAL(std::string("open"), oldest->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:01Z"), oldest->getValue<std::string>("detected_at"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.9, oldest->getValue<double>("confidence_a"), 1e-6);
        CPPUNIT_ASSERT(!oldest->has("recommendation") && !oldest->has("false_positive_label"));
        CPPUNIT_ASSERT_EQUAL(std::string("billing"),
                             body->getArray("data")->getObject(0)->getValue<std::string>("project_a"));

        // Every filter, alone and combined (agent_id and project match either side).
        const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
            {"decision_type=security", {k3}},
            {"agent_id=bob", {k3, k2, k1}},
            {"agent_id=carol", {k5, k2}},
            {"agent_id=nobody", {}},
            {"conflict_kind=self_contradiction", {k4}},
            {"conflict_kind=cross_agent", {k5, k3, k2, k1}},
            {"status=resolved", {k3}},
            {"status=open", {k5, k4, k2, k1}},
            {"status=false_positive", {}},
            {"severity=high", {k3, k1}},
            {"category=strategic", {k2}},
            {"project=billing", {k5}},
            {"agent_id=bob&severity=high&status=open", {k1}},
        };
        for (const auto& [query, expected] : cases)
            CPPUNIT_ASSERT_MESSAGE(query, fx.listed("/v1/conflicts?" + query) == expected);
        CPPUNIT_ASSERT_EQUAL(
            2, server.call("GET", "/v1/conflicts?severity=high", "", admin()).json()->getValue<int>("total"));

        // Paging keeps the exact total; limit and offset are clamped like every list's.
        body = server.call("GET", "/v1/conflicts?limit=2", "", admin()).json();
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{k5, k4}));
        CPPUNIT_ASSERT_EQUAL(5, body->getValue<int>("total"));
        CPPUNIT_ASSERT(body->getValue<bool>("has_more"));
        body = server.call("GET", "/v1/conflicts?limit=2&offset=4", "", admin()).json();
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{k1}));
        CPPUNIT_ASSERT(!body->getValue<bool>("has_more"));
        CPPUNIT_ASSERT_EQUAL(4, body->getValue<int>("offset"));
        body = server.call("GET", "/v1/conflicts?limit=0", "", admin()).json();
        CPPUNIT_ASSERT_EQUAL(1, body->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), body->getArray("data")->size());
        CPPUNIT_ASSERT_EQUAL(
            1000, server.call("GET", "/v1/conflicts?limit=5000", "", admin()).json()->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(
            0, server.call("GET", "/v1/conflicts?offset=-3", "", admin()).json()->getValue<int>("offset"));
    }

    void testBadQueryParameters()
    {
        IdentityServer server("conflicts_params", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        const std::vector<std::pair<std::string, std::string>> cases{
            {"limit=ten", "query parameter \"limit\" must be an integer"},
            {"offset=1.5", "query parameter \"offset\" must be an integer"},
            {"status=closed", "query parameter \"status\" must be one of open, resolved, false_positive"},
            {"conflict_kind=pairwise",
             "query parameter \"conflict_kind\" must be one of cross_agent, self_contradiction"},
            {"severity=urgent", "query parameter \"severity\" must be one of critical, high, medium, low"},
            {"category=moral", "query parameter \"category\" must be one of factual, assessment, strategic, temporal"},
            {"agent_id=" + std::string(256, 'x'), "query parameter \"agent_id\" must be at most 255 bytes"},
            {"decision_type=" + std::string(1025, 'x'), "query parameter \"decision_type\" must be at most 1024 bytes"},
            {"project=%FF", "query parameter \"project\" must be valid UTF-8 without NUL characters"},
            {"agent_id=a%00b", "query parameter \"agent_id\" must be valid UTF-8 without NUL characters"},
            {"min_visibility_token=abc", "invalid min_visibility_token: not a visibility token issued by this server"},
        };
        for (const auto& [query, message] : cases)
            expectError(server.call("GET", "/v1/conflicts?" + query, "", admin()), 400, message);
        const auto decision = fx.trace("alice", 0.5);
        const std::string path = "/v1/decisions/" + decision + "/conflicts?";
        expectError(server.call("GET", path + "limit=many", "", admin()), 400,
                    "query parameter \"limit\" must be an integer");
        expectError(server.call("GET", path + "offset=x", "", admin()), 400,
                    "query parameter \"offset\" must be an integer");
        expectError(server.call("GET", path + "status=all", "", admin()), 400,
                    "query parameter \"status\" must be one of open, resolved, false_positive");
        // Empty values filter nothing, as absent ones.
        const auto other = fx.insertConflict({decision, fx.trace("bob", 0.5), "2026-01-01T00:00:01Z"});
        CPPUNIT_ASSERT((fx.listed("/v1/conflicts?status=&agent_id=&limit=") == std::vector<std::string>{other}));
        expectError(server.call("GET", "/v1/conflicts", ""), 401, "missing authorization header");
    }

    void testOrgIsolation()
    {
        IdentityServer server("conflicts_orgs", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        const auto a1 = fx.trace("alice", 0.9);
        const auto b1 = fx.trace("bob", 0.4);
        const auto ours = fx.insertConflict({a1, b1, "2026-01-01T00:00:01Z"});
        const auto otherOrg = server.insertOrg("Other", "other");
        server.insertAgent(otherOrg, "olga", "admin", "olga-key");
        const std::string asOlga = "ApiKey olga:olga-key";
        const auto o1 = fx.trace("olga", 0.9, "architecture", std::nullopt, asOlga);
        const auto o2 = fx.trace("oscar", 0.3, "architecture", std::nullopt, asOlga);
        ConflictSpec foreign{o1, o2, "2026-01-01T00:00:02Z"};
        foreign.orgId = otherOrg;
        const auto theirs = fx.insertConflict(foreign);

        auto body = server.call("GET", "/v1/conflicts", "", admin()).json();
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{ours}));
        CPPUNIT_ASSERT_EQUAL(1, body->getValue<int>("total"));
        CPPUNIT_ASSERT(fx.listed("/v1/conflicts?agent_id=olga").empty());
        CPPUNIT_ASSERT((fx.listed("/v1/conflicts", asOlga) == std::vector<std::string>{theirs}));

        expectError(server.call("GET", "/v1/conflicts/" + theirs, "", admin()), 404, "conflict not found");
        expectError(server.call("GET", "/v1/conflicts/" + ours, "", asOlga), 404, "conflict not found");
        expectError(fx.patch(theirs, R"({"status":"resolved"})"), 404, "conflict not found");
        CPPUNIT_ASSERT_EQUAL(std::string("open"), fx.statusOf(theirs));
        expectError(server.call("GET", "/v1/decisions/" + o1 + "/conflicts", "", admin()), 404, "decision not found");
        expectError(server.call("GET", "/v1/conflicts/" + std::string(ConflictFixtures::kUnknownId), "", admin()), 404,
                    "conflict not found");
        expectError(server.call("GET", "/v1/conflicts/not-a-uuid", "", admin()), 400, "conflict id must be a UUID");
        auto own = server.call("GET", "/v1/conflicts/" + ours, "", admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(own.body, 200, own.status);
        CPPUNIT_ASSERT_EQUAL(ours, own.json()->getObject("data")->getValue<std::string>("id"));
    }

    void testVisibilityOfBothAgents()
    {
        IdentityServer server("conflicts_rbac", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        server.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        server.insertAgent(org, "bob", "agent", "bob-key");
        const auto a1 = fx.trace("alice", 0.9);
        const auto a2 = fx.trace("alice", 0.2);
        const auto b1 = fx.trace("bob", 0.4);
        const auto self = fx.insertConflict({a1, a2, "2026-01-01T00:00:01Z", "self_contradiction"});
        const auto cross = fx.insertConflict({a1, b1, "2026-01-01T00:00:02Z"});
        const auto asRita = server.bearer("rita", "rita-key");
        const auto asAlice = server.bearer("alice", "alice-key");

        // Rita sees alice (shared tag) but not bob: only the pair whose two agents she sees, exact total.
        auto body = server.call("GET", "/v1/conflicts", "", asRita).json();
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{self}));
        CPPUNIT_ASSERT_EQUAL(1, body->getValue<int>("total"));
        CPPUNIT_ASSERT(fx.listed("/v1/conflicts?agent_id=bob", asRita).empty());
        expectError(server.call("GET", "/v1/conflicts/" + cross, "", asRita), 403, "insufficient permissions");
        CPPUNIT_ASSERT_EQUAL(200, server.call("GET", "/v1/conflicts/" + self, "", asRita).status);
        CPPUNIT_ASSERT((fx.listed("/v1/decisions/" + a1 + "/conflicts", asRita) == std::vector<std::string>{self}));
        expectError(server.call("GET", "/v1/decisions/" + b1 + "/conflicts", "", asRita), 403,
                    "insufficient permissions");

        // Resolving needs role agent+ and both agents visible.
        expectError(fx.patch(self, R"({"status":"resolved"})", asRita), 403, "insufficient permissions");
        expectError(fx.patch(cross, R"({"status":"resolved"})", asAlice), 403, "insufficient permissions");
        CPPUNIT_ASSERT_EQUAL(std::string("open"), fx.statusOf(cross));

        // Bob shares his traces with rita: the pair becomes visible (read after the grant's write).
        auto grant = server.call("POST", "/v1/grants",
                                 R"({"grantee_agent_id":"rita","resource_type":"agent_traces","permission":"read"})",
                                 server.bearer("bob", "bob-key"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(grant.body, 201, grant.status);
        const auto token = grant.json()->getObject("data")->getValue<std::string>("visibility_token");
        body = server.call("GET", "/v1/conflicts?min_visibility_token=" + token, "", asRita).json();
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{cross, self}));
        CPPUNIT_ASSERT_EQUAL(2, body->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(200, server.call("GET", "/v1/conflicts/" + cross, "", asRita).status);
        CPPUNIT_ASSERT((fx.listed("/v1/decisions/" + b1 + "/conflicts", asRita) == std::vector<std::string>{cross}));
    }

    void testDecisionConflicts()
    {
        IdentityServer server("conflicts_decision", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        const auto a1 = fx.trace("alice", 0.9);
        const auto b1 = fx.trace("bob", 0.4);
        const auto c1 = fx.trace("carol", 0.6);
        const auto lonely = fx.trace("dave", 0.6);
        const auto k1 = fx.insertConflict({a1, b1, "2026-01-01T00:00:01Z"});
        const auto k2 = fx.insertConflict({c1, a1, "2026-01-01T00:00:02Z", "cross_agent", {}, {}, "resolved"});
        const auto k3 = fx.insertConflict({b1, c1, "2026-01-01T00:00:03Z"});
        const std::string path = "/v1/decisions/" + a1 + "/conflicts";

        auto body = server.call("GET", path, "", admin()).json();
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{k2, k1}));
        CPPUNIT_ASSERT_EQUAL(2, body->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(50, body->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("offset"));
        CPPUNIT_ASSERT(!body->getValue<bool>("has_more"));
        CPPUNIT_ASSERT(body->has("meta"));
        CPPUNIT_ASSERT((fx.listed(path + "?status=open") == std::vector<std::string>{k1}));
        CPPUNIT_ASSERT((fx.listed(path + "?status=resolved") == std::vector<std::string>{k2}));
        CPPUNIT_ASSERT((fx.listed("/v1/decisions/" + b1 + "/conflicts") == std::vector<std::string>{k3, k1}));

        body = server.call("GET", path + "?limit=1", "", admin()).json();
        CPPUNIT_ASSERT((idsOf(body->getArray("data")) == std::vector<std::string>{k2}));
        CPPUNIT_ASSERT(body->getValue<bool>("has_more"));
        CPPUNIT_ASSERT((fx.listed(path + "?limit=1&offset=1") == std::vector<std::string>{k1}));
        CPPUNIT_ASSERT_EQUAL(200, server.call("GET", path + "?limit=500", "", admin()).json()->getValue<int>("limit"));

        body = server.call("GET", "/v1/decisions/" + lonely + "/conflicts", "", admin()).json();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), body->getArray("data")->size());
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("total"));
        expectError(server.call("GET", "/v1/decisions/nope/conflicts", "", admin()), 400, "decision id must be a UUID");
        expectError(server.call("GET", "/v1/decisions/" + std::string(ConflictFixtures::kUnknownId) + "/conflicts", "",
                                admin()),
                    404, "decision not found");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConflictsApiTest);
} // namespace akashi::test
