#include "api/DecisionFixtures.h"
#include "api/IdentityServer.h"
#include "mcp/McpTestClient.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <set>

namespace akashi::test
{
/// Every MCP tool end to end: tools/list schemas, a success and an isError case per tool, RBAC through
/// the shared services (a reader cannot trace or assess) and org isolation (another org's admin sees
/// none of this org's decisions through any tool).
class McpToolsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(McpToolsTest);
    CPPUNIT_TEST(testToolsList);
    CPPUNIT_TEST(testTools);
    CPPUNIT_TEST_SUITE_END();

    static std::set<std::string> ids(const Poco::JSON::Array::Ptr& decisions)
    {
        std::set<std::string> out;
        for (std::size_t i = 0; i < decisions->size(); ++i)
            out.insert(decisions->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
        return out;
    }

public:
    void testToolsList()
    {
        IdentityServer srv("mcp_tools_list");
        McpTestClient client(srv.port(), IdentityServer::admin());
        client.initialize();
        const auto tools = client.request("tools/list")->getObject("result")->getArray("tools");
        std::set<std::string> names;
        for (std::size_t i = 0; i < tools->size(); ++i)
        {
            const auto tool = tools->getObject(static_cast<unsigned>(i));
            names.insert(tool->getValue<std::string>("name"));
            CPPUNIT_ASSERT(!tool->getValue<std::string>("description").empty());
            const auto schema = tool->getObject("inputSchema");
            CPPUNIT_ASSERT_EQUAL(std::string("object"), schema->getValue<std::string>("type"));
            CPPUNIT_ASSERT(schema->has("properties"));
            CPPUNIT_ASSERT(!schema->getValue<bool>("additionalProperties"));
            if (tool->getValue<std::string>("name") == "akashi_trace")
            {
                const auto required = schema->getArray("required");
                CPPUNIT_ASSERT_EQUAL(std::size_t(2), required->size());
                CPPUNIT_ASSERT_EQUAL(std::string("decision_type"), required->getElement<std::string>(0));
                CPPUNIT_ASSERT_EQUAL(std::string("outcome"), required->getElement<std::string>(1));
                const auto confidence = schema->getObject("properties")->getObject("confidence");
                CPPUNIT_ASSERT_EQUAL(std::string("number"), confidence->getValue<std::string>("type"));
                CPPUNIT_ASSERT_DOUBLES_EQUAL(0.4, confidence->getValue<double>("default"), 1e-9);
                CPPUNIT_ASSERT(!tool->getObject("annotations")->getValue<bool>("readOnlyHint"));
            }
            if (tool->getValue<std::string>("name") == "akashi_assess")
            {
                const auto outcome = schema->getObject("properties")->getObject("outcome");
                CPPUNIT_ASSERT_EQUAL(std::size_t(3), outcome->getArray("enum")->size());
            }
        }
        CPPUNIT_ASSERT((names == std::set<std::string>{"akashi_check", "akashi_trace", "akashi_query", "akashi_search",
                                                       "akashi_recent", "akashi_conflicts", "akashi_assess",
                                                       "akashi_stats"}));
    }

    void testTools()
    {
        // The test inserts the alice/bob conflict itself: the outbox worker would otherwise detect the same
        // pair on its own at a moment that depends on load (then the insert hits the pair's unique key).
        IdentityServer srv("mcp_tools", IdentityServer::withoutConflictDetection());
        const std::string org = IdentityServer::kDefaultOrg;
        srv.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        srv.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        srv.insertAgent(org, "bob", "agent", "bob-key");
        const auto other = srv.insertOrg("Other", "other");
        srv.insertAgent(other, "olga", "admin", "olga-key");
        DecisionFixtures fx(srv.sql());
        DecisionSpec bobSpec;
        bobSpec.agentId = "bob";
        bobSpec.outcome = "use mysql";
        const auto bobDecision = fx.insertDecision(bobSpec);
        DecisionSpec foreign;
        foreign.orgId = other;
        foreign.agentId = "olga";
        foreign.outcome = "use postgres everywhere";
        const auto foreignDecision = fx.insertDecision(foreign);

        McpTestClient alice(srv.port(), "ApiKey alice:alice-key");
        alice.initialize();
        McpTestClient rita(srv.port(), "ApiKey rita:rita-key");
        rita.initialize();
        McpTestClient adminClient(srv.port(), IdentityServer::admin());
        adminClient.initialize();
        McpTestClient olga(srv.port(), "ApiKey olga:olga-key");
        olga.initialize();

        // akashi_trace: agent_id defaults to the caller, confidence to 0.4.
        const auto traced = alice.toolData(
            "akashi_trace", R"({"decision_type":"architecture","outcome":"use postgres","reasoning":"it is boring",)"
                            R"("alternatives":"[{\"label\":\"mysql\",\"rejection_reason\":\"weaker json\"}]"})");
        const auto decisionId = traced->getValue<std::string>("decision_id");
        CPPUNIT_ASSERT_EQUAL(2, traced->getValue<int>("event_count"));
        auto row = srv.sql().exec("SELECT agent_id, confidence::float8 AS c, tool FROM decisions WHERE id = $1::uuid",
                                  storage::SqlParams().add(decisionId));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), row.text(0, "agent_id"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.4, row.real(0, "c"), 1e-6);
        CPPUNIT_ASSERT_EQUAL(std::string("akashi-mcp"), row.text(0, "tool"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"outcome\" is required"),
                             alice.toolError("akashi_trace", R"({"decision_type":"architecture"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"confidence\" must be a number"),
                             alice.toolError("akashi_trace", R"({"decision_type":"a","outcome":"b","confidence":"high"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"confidence\" must be at most 1"),
                             alice.toolError("akashi_trace", R"({"decision_type":"a","outcome":"b","confidence":2})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"colour\" is not an argument of this tool"),
                             alice.toolError("akashi_trace", R"({"decision_type":"a","outcome":"b","colour":"red"})"));
        CPPUNIT_ASSERT(alice.toolError("akashi_trace", R"({"decision_type":"a","outcome":"b","alternatives":"nope"})")
                           .find("argument \"alternatives\" must be a JSON array") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"),
                             alice.toolError("akashi_trace", R"({"decision_type":"a","outcome":"b","agent_id":"bob"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"),
                             rita.toolError("akashi_trace", R"({"decision_type":"a","outcome":"b"})"));

        // akashi_check: precedents of the type (alice sees her own; bob's is not visible to her).
        auto checked = alice.toolData("akashi_check", R"({"decision_type":"architecture"})");
        CPPUNIT_ASSERT(checked->getValue<bool>("has_precedent"));
        CPPUNIT_ASSERT((ids(checked->getArray("decisions")) == std::set<std::string>{decisionId}));
        checked = adminClient.toolData("akashi_check", R"({"decision_type":"architecture","format":"full"})");
        CPPUNIT_ASSERT((ids(checked->getArray("decisions")) == std::set<std::string>{decisionId, bobDecision}));
        CPPUNIT_ASSERT(checked->getArray("decisions")->getObject(0)->has("completeness_score"));
        checked = alice.toolData("akashi_check", R"({"query":"postgres"})");
        CPPUNIT_ASSERT((ids(checked->getArray("decisions")) == std::set<std::string>{decisionId}));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: give decision_type, query, or both"),
                             alice.toolError("akashi_check"));

        // akashi_query: filters (paged) or a text query.
        auto queried = rita.toolData("akashi_query", R"({"decision_type":"architecture"})");
        CPPUNIT_ASSERT_EQUAL(1, queried->getValue<int>("total"));
        queried = adminClient.toolData("akashi_query", R"({"agent_id":"bob","limit":1})");
        CPPUNIT_ASSERT((ids(queried->getArray("decisions")) == std::set<std::string>{bobDecision}));
        queried = adminClient.toolData("akashi_query", R"({"query":"mysql"})");
        CPPUNIT_ASSERT(ids(queried->getArray("decisions")).count(bobDecision) == 1);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"limit\" must be at least 1"),
                             rita.toolError("akashi_query", R"({"limit":0})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"limit\" must be an integer"),
                             rita.toolError("akashi_query", R"({"limit":2.5})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"session_id\" must be a UUID"),
                             rita.toolError("akashi_query", R"({"session_id":"x"})"));

        // akashi_search and akashi_recent.
        const auto found = rita.toolData("akashi_search", R"({"query":"postgres"})");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), found->getArray("results")->size());
        CPPUNIT_ASSERT_EQUAL(decisionId, found->getArray("results")->getObject(0)->getObject("decision")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"query\" is required"), rita.toolError("akashi_search"));
        const auto recent = adminClient.toolData("akashi_recent", R"({"limit":5})");
        CPPUNIT_ASSERT((ids(recent->getArray("decisions")) == std::set<std::string>{decisionId, bobDecision}));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"agent_id\" must be a string"),
                             rita.toolError("akashi_recent", R"({"agent_id":7})"));

        // akashi_conflicts: both agents must be visible.
        fx.insertConflict(org, decisionId, bobDecision, "architecture");
        auto conflicts = adminClient.toolData("akashi_conflicts");
        CPPUNIT_ASSERT_EQUAL(1, conflicts->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(std::string("open"), conflicts->getArray("conflicts")->getObject(0)->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(0, alice.toolData("akashi_conflicts")->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(0, adminClient.toolData("akashi_conflicts", R"({"status":"resolved"})")->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(1, adminClient.toolData("akashi_conflicts", R"({"status":"all"})")->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"status\" must be one of open, resolved, false_positive, all"),
                             adminClient.toolError("akashi_conflicts", R"({"status":"closed"})"));

        // akashi_assess: agent+, visible decision, validated outcome.
        const auto assessed = alice.toolData("akashi_assess", "{\"decision_id\":\"" + decisionId +
                                                                  "\",\"outcome\":\"correct\",\"notes\":\"held up\"}");
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), assessed->getValue<std::string>("assessor_agent_id"));
        CPPUNIT_ASSERT_EQUAL(decisionId, assessed->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("invalid arguments: argument \"outcome\" must be one of correct, incorrect, partially_correct"),
            alice.toolError("akashi_assess", "{\"decision_id\":\"" + decisionId + "\",\"outcome\":\"great\"}"));
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"),
                             rita.toolError("akashi_assess", "{\"decision_id\":\"" + decisionId + "\",\"outcome\":\"correct\"}"));
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"),
                             alice.toolError("akashi_assess", "{\"decision_id\":\"" + bobDecision + "\",\"outcome\":\"correct\"}"));
        CPPUNIT_ASSERT_EQUAL(std::string("decision id must be a UUID"),
                             alice.toolError("akashi_assess", R"({"decision_id":"nope","outcome":"correct"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("decision not found"),
                             alice.toolError("akashi_assess", "{\"decision_id\":\"" + foreignDecision + "\",\"outcome\":\"correct\"}"));

        // akashi_stats: what the caller may see.
        const auto stats = adminClient.toolData("akashi_stats");
        CPPUNIT_ASSERT_EQUAL(2, stats->getValue<int>("decisions"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("open_conflicts"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("assessments"));
        CPPUNIT_ASSERT_EQUAL(std::string("architecture"),
                             stats->getArray("by_type")->getObject(0)->getValue<std::string>("decision_type"));
        CPPUNIT_ASSERT_EQUAL(2, stats->getArray("by_type")->getObject(0)->getValue<int>("count"));
        CPPUNIT_ASSERT_EQUAL(1, alice.toolData("akashi_stats")->getValue<int>("decisions"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"x\" is not an argument of this tool"),
                             alice.toolError("akashi_stats", R"({"x":1})"));

        // Org isolation: the other org's admin sees only its own decision, whatever the tool.
        CPPUNIT_ASSERT((ids(olga.toolData("akashi_recent")->getArray("decisions")) == std::set<std::string>{foreignDecision}));
        CPPUNIT_ASSERT((ids(olga.toolData("akashi_query", R"({"decision_type":"architecture"})")->getArray("decisions")) ==
                        std::set<std::string>{foreignDecision}));
        CPPUNIT_ASSERT((ids(olga.toolData("akashi_check", R"({"decision_type":"architecture","query":"postgres"})")
                                ->getArray("decisions")) == std::set<std::string>{foreignDecision}));
        const auto olgaFound = olga.toolData("akashi_search", R"({"query":"postgres"})")->getArray("results");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), olgaFound->size());
        CPPUNIT_ASSERT_EQUAL(0, olga.toolData("akashi_conflicts", R"({"status":"all"})")->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(1, olga.toolData("akashi_stats")->getValue<int>("decisions"));
        CPPUNIT_ASSERT_EQUAL(std::string("decision not found"),
                             olga.toolError("akashi_assess", "{\"decision_id\":\"" + decisionId + "\",\"outcome\":\"correct\"}"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(McpToolsTest);
} // namespace akashi::test
