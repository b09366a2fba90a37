#include "api/IdentityServer.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// /v1/grants end to end: who may grant what, validation, duplicates, listing and revocation.
class GrantsApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GrantsApiTest);
    CPPUNIT_TEST(testGrantLifecycle);
    CPPUNIT_TEST(testGrantValidation);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGrantLifecycle()
    {
        IdentityServer server("grants_lifecycle");
        const std::string org = IdentityServer::kDefaultOrg;
        const auto alice = server.insertAgent(org, "alice", "agent", "alice-key");
        const auto bob = server.insertAgent(org, "bob", "agent", "bob-key");
        server.insertAgent(org, "carol", "agent", "carol-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        const auto asCarol = server.bearer("carol", "carol-key");
        const std::string admin = std::string("ApiKey admin:") + IdentityServer::kAdminKey;

        auto created = server.call("POST", "/v1/grants",
                                   R"({"grantee_agent_id":"bob","resource_type":"agent_traces","permission":"read"})", asAlice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 201, created.status);
        auto grant = created.json()->getObject("data");
        const auto grantId = grant->getValue<std::string>("id");
        CPPUNIT_ASSERT_EQUAL(alice, grant->getValue<std::string>("grantor_id"));
        CPPUNIT_ASSERT_EQUAL(bob, grant->getValue<std::string>("grantee_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), grant->getValue<std::string>("resource_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent_traces"), grant->getValue<std::string>("resource_type"));
        CPPUNIT_ASSERT_EQUAL(std::string("read"), grant->getValue<std::string>("permission"));
        CPPUNIT_ASSERT_EQUAL(std::string(org), grant->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT(grant->has("granted_at") && grant->isNull("expires_at"));

        auto duplicate = server.call("POST", "/v1/grants",
                                     R"({"grantee_agent_id":"bob","resource_type":"agent_traces","resource_id":"alice","permission":"read"})",
                                     asAlice);
        CPPUNIT_ASSERT_EQUAL(409, duplicate.status);
        CPPUNIT_ASSERT_EQUAL(std::string("grant already exists"), IdentityServer::errorMessage(duplicate));

        // Listing is for admins.
        CPPUNIT_ASSERT_EQUAL(403, server.call("GET", "/v1/grants", "", asAlice).status);
        auto list = server.call("GET", "/v1/grants", "", admin).json();
        CPPUNIT_ASSERT_EQUAL(1, list->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(grantId, list->getArray("data")->getObject(0)->getValue<std::string>("id"));

        // Only the grantor or an admin revokes.
        auto byCarol = server.call("DELETE", "/v1/grants/" + grantId, "", asCarol);
        CPPUNIT_ASSERT_EQUAL(403, byCarol.status);
        auto byAlice = server.call("DELETE", "/v1/grants/" + grantId, "", asAlice);
        CPPUNIT_ASSERT_EQUAL(204, byAlice.status);
        CPPUNIT_ASSERT(byAlice.body.empty());
        auto gone = server.call("DELETE", "/v1/grants/" + grantId, "", asAlice);
        CPPUNIT_ASSERT_EQUAL(404, gone.status);
        CPPUNIT_ASSERT_EQUAL(std::string("grant not found"), IdentityServer::errorMessage(gone));
        auto badId = server.call("DELETE", "/v1/grants/not-a-uuid", "", admin);
        CPPUNIT_ASSERT_EQUAL(400, badId.status);
        CPPUNIT_ASSERT_EQUAL(std::string("grant id must be a UUID"), IdentityServer::errorMessage(badId));

        // An admin may share any agent's traces and revoke anyone's grant.
        auto byAdmin = server.call("POST", "/v1/grants",
                                   R"({"grantee_agent_id":"carol","resource_type":"agent_traces","resource_id":"bob","permission":"read",)"
                                   R"("expires_at":"2999-01-01T00:00:00Z"})",
                                   admin);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(byAdmin.body, 201, byAdmin.status);
        CPPUNIT_ASSERT_EQUAL(std::string("2999-01-01T00:00:00Z"),
                             byAdmin.json()->getObject("data")->getValue<std::string>("expires_at"));
        const auto adminGrant = byAdmin.json()->getObject("data")->getValue<std::string>("id");
        CPPUNIT_ASSERT_EQUAL(204, server.call("DELETE", "/v1/grants/" + adminGrant, "", admin).status);
    }

    void testGrantValidation()
    {
        IdentityServer server("grants_validation");
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "alice", "agent", "alice-key");
        server.insertAgent(org, "bob", "agent", "bob-key");
        server.insertAgent(org, "rita", "reader", "rita-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        const std::tuple<std::string, std::string, int, std::string> cases[] = {
            {asAlice, R"({"resource_type":"agent_traces","permission":"read"})", 400,
             "invalid request body: field \"grantee_agent_id\" is required"},
            {asAlice, R"({"grantee_agent_id":"bob","resource_type":"run","permission":"read"})", 400,
             "invalid request body: field \"resource_type\" must be \"agent_traces\""},
            {asAlice, R"({"grantee_agent_id":"bob","resource_type":"agent_traces","permission":"write"})", 400,
             "invalid request body: field \"permission\" must be \"read\""},
            {asAlice, R"({"grantee_agent_id":"bob","resource_type":"agent_traces","permission":"read","expires_at":"soon"})", 400,
             "invalid request body: field \"expires_at\" must be an RFC 3339 timestamp"},
            {asAlice, R"({"grantee_agent_id":"bob","resource_type":"agent_traces","permission":"read","expires_at":"2001-01-01T00:00:00Z"})",
             400, "invalid request body: field \"expires_at\" must be in the future"},
            {asAlice, R"({"grantee_agent_id":"bob","resource_type":"agent_traces","permission":"read","scope":"all"})", 400,
             "invalid request body: unknown field \"scope\""},
            {asAlice, R"({"grantee_agent_id":"alice","resource_type":"agent_traces","permission":"read"})", 400,
             "an agent cannot be granted access to its own traces"},
            {asAlice, R"({"grantee_agent_id":"ghost","resource_type":"agent_traces","permission":"read"})", 404,
             "grantee agent not found"},
            {asAlice, R"({"grantee_agent_id":"rita","resource_type":"agent_traces","resource_id":"bob","permission":"read"})", 403,
             "insufficient permissions"},
            {server.bearer("rita", "rita-key"), R"({"grantee_agent_id":"bob","resource_type":"agent_traces","permission":"read"})",
             403, "insufficient permissions"},
            {std::string("ApiKey admin:") + IdentityServer::kAdminKey,
             R"({"grantee_agent_id":"bob","resource_type":"agent_traces","resource_id":"ghost","permission":"read"})", 404,
             "agent not found"},
        };
        for (const auto& [authorization, body, status, message] : cases)
        {
            auto reply = server.call("POST", "/v1/grants", body, authorization);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body + " " + reply.body, status, reply.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body, message, IdentityServer::errorMessage(reply));
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, server.sql().exec("SELECT count(*) AS n FROM access_grants").int64(0, "n"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(GrantsApiTest);
} // namespace akashi::test
