#include "api/IdentityServer.h"

#include <cppunit/extensions/HelperMacros.h>

#include <vector>

namespace akashi::test
{
/// Every role of org A against every identity endpoint that exists, aimed at org B's resources and at
/// agents of org A it may not see: each answer is 403 or 404, carries no data, leaks no identifier of
/// the target, and changes nothing.
class CrossOrgMatrixTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CrossOrgMatrixTest);
    CPPUNIT_TEST(testNoRoleReachesAnotherOrgOrAnInvisibleAgent);
    CPPUNIT_TEST_SUITE_END();

    struct Caller
    {
        std::string agentId;
        std::string role;
        std::string authorization;
        bool admin() const { return role == "admin" || role == "org_owner" || role == "platform_admin"; }
    };

    std::unique_ptr<IdentityServer> _server;
    std::vector<std::string> _secrets; ///< identifiers that must never appear in a refused or foreign answer
    std::string _orgB, _bAgent, _bGrant, _hiddenGrant;

    void expectRefused(const Caller& caller, const std::string& method, const std::string& path, const std::string& body,
                       int status)
    {
        auto reply = _server->call(method, path, body, caller.authorization);
        const std::string label = caller.role + " " + method + " " + path + " → " + reply.body;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(label, status, reply.status);
        CPPUNIT_ASSERT_MESSAGE(label, !reply.json()->has("data"));
        expectNoSecrets(label, reply.body);
    }

    void expectNoSecrets(const std::string& label, const std::string& body)
    {
        for (const auto& secret : _secrets)
            CPPUNIT_ASSERT_MESSAGE(label + " leaks " + secret, body.find(secret) == std::string::npos);
    }

public:
    void setUp() override
    {
        _server = std::make_unique<IdentityServer>("cross_org", ServerProcess::Env{{"AKASHI_ENABLE_DESTRUCTIVE_DELETE", "true"}});
        auto& s = *_server;
        const std::string orgA = IdentityServer::kDefaultOrg;
        s.insertAgent(orgA, "a-reader", "reader", "k-reader", {"team-a"});
        s.insertAgent(orgA, "a-agent", "agent", "k-agent", {"team-a"});
        const auto peer = s.insertAgent(orgA, "a-peer", "agent", "k-peer", {"team-a"});
        s.insertAgent(orgA, "a-owner", "org_owner", "k-owner");
        s.insertAgent(orgA, "a-platform", "platform_admin", "k-platform");
        const auto hidden = s.insertAgent(orgA, "a-hidden", "agent", "k-hidden");
        _hiddenGrant = s.sql().exec("INSERT INTO access_grants (org_id, grantor_id, grantee_id, resource_type, resource_id, "
                                    "permission) VALUES ($1, $2, $3, 'agent_traces', 'a-hidden', 'read') RETURNING id",
                                    storage::SqlParams().add(orgA).add(hidden).add(peer))
                           .text(0, "id");
        _orgB = s.insertOrg("Org B", "org-b");
        const auto bAdmin = s.insertAgent(_orgB, "b-admin", "admin", "k-b-admin", {"team-a"});
        _bAgent = s.insertAgent(_orgB, "b-agent", "agent", "k-b-agent", {"team-a"}); // same tag: still invisible
        _bGrant = s.sql().exec("INSERT INTO access_grants (org_id, grantor_id, grantee_id, resource_type, resource_id, "
                               "permission) VALUES ($1, $2, $3, 'agent_traces', 'b-agent', 'read') RETURNING id",
                               storage::SqlParams().add(_orgB).add(_bAgent).add(bAdmin))
                      .text(0, "id");
        _secrets = {_orgB, _bAgent, bAdmin, _bGrant, "b-admin", "Org B"};
    }

    void tearDown() override { _server.reset(); }

    void testNoRoleReachesAnotherOrgOrAnInvisibleAgent()
    {
        auto& s = *_server;
        const std::vector<Caller> callers{
            {"a-reader", "reader", s.bearer("a-reader", "k-reader")},
            {"a-agent", "agent", s.bearer("a-agent", "k-agent")},
            {"admin", "admin", s.bearer("admin", IdentityServer::kAdminKey)},
            {"a-owner", "org_owner", "ApiKey a-owner:k-owner"},
            {"a-platform", "platform_admin", s.bearer("a-platform", "k-platform")},
        };
        const std::string bAgentTags = s.sql().exec("SELECT tags::text AS t FROM agents WHERE id = $1",
                                                    storage::SqlParams().add(_bAgent)).text(0, "t");
        for (const auto& caller : callers)
        {
            const int agentsApi = caller.admin() ? 404 : 403; // admin+ pass the role gate and find nothing
            expectRefused(caller, "GET", "/v1/agents/b-agent", "", agentsApi);
            expectRefused(caller, "PATCH", "/v1/agents/b-agent/tags", R"({"tags":["stolen"]})", agentsApi);
            expectRefused(caller, "DELETE", "/v1/agents/b-agent", "", agentsApi);
            expectRefused(caller, "DELETE", "/v1/grants/" + _bGrant, "", caller.role == "reader" ? 403 : 404);
            expectRefused(caller, "POST", "/v1/grants",
                          R"({"grantee_agent_id":"b-agent","resource_type":"agent_traces","permission":"read"})",
                          caller.role == "reader" ? 403 : 404);
            expectRefused(caller, "POST", "/v1/grants",
                          R"({"grantee_agent_id":"a-peer","resource_type":"agent_traces","resource_id":"b-agent","permission":"read"})",
                          caller.admin() ? 404 : 403);
            for (const std::string path : {"/v1/agents", "/v1/grants"})
            {
                auto reply = s.call("GET", path, "", caller.authorization);
                if (!caller.admin())
                {
                    expectRefused(caller, "GET", path, "", 403);
                    continue;
                }
                CPPUNIT_ASSERT_EQUAL_MESSAGE(caller.role + " " + path, 200, reply.status);
                expectNoSecrets(caller.role + " GET " + path, reply.body);
            }
            if (!caller.admin()) // agents of org A this caller may not see
            {
                expectRefused(caller, "GET", "/v1/agents/a-hidden", "", 403);
                expectRefused(caller, "DELETE", "/v1/grants/" + _hiddenGrant, "", 403);
                expectRefused(caller, "POST", "/v1/grants",
                              R"({"grantee_agent_id":"a-agent","resource_type":"agent_traces","resource_id":"a-hidden","permission":"read"})",
                              403);
            }
        }
        // The other direction: org B's admin finds nothing of org A.
        const Caller bAdmin{"b-admin", "admin", s.bearer("b-admin", "k-b-admin")};
        _secrets = {IdentityServer::kDefaultOrg, "a-agent", "a-hidden", _hiddenGrant};
        expectRefused(bAdmin, "GET", "/v1/agents/a-agent", "", 404);
        expectRefused(bAdmin, "DELETE", "/v1/grants/" + _hiddenGrant, "", 404);
        auto list = s.call("GET", "/v1/agents", "", bAdmin.authorization);
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        expectNoSecrets("b-admin GET /v1/agents", list.body);
        CPPUNIT_ASSERT_EQUAL(2, list.json()->getValue<int>("total"));

        // Nothing changed anywhere.
        auto& sql = s.sql();
        CPPUNIT_ASSERT_EQUAL(bAgentTags, sql.exec("SELECT tags::text AS t FROM agents WHERE id = $1",
                                                  storage::SqlParams().add(_bAgent)).text(0, "t"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{9}, sql.exec("SELECT count(*) AS n FROM agents").int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, sql.exec("SELECT count(*) AS n FROM access_grants").int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, sql.exec("SELECT count(*) AS n FROM deletion_audit_log").int64(0, "n"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CrossOrgMatrixTest);
} // namespace akashi::test
