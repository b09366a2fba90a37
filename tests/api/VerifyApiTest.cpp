#include "api/IdentityServer.h"
#include "integrity/ContentHash.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace akashi::test
{
/// GET /v1/verify/{id} end to end: verified, tampered via SQL, no_hash, legacy v1, access rules.
class VerifyApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VerifyApiTest);
    CPPUNIT_TEST(testVerifyStatuses);
    CPPUNIT_TEST(testVerifyAccess);
    CPPUNIT_TEST_SUITE_END();

    static Poco::JSON::Object::Ptr traced(IdentityServer& server, const std::string& authorization,
                                          const std::string& agentId)
    {
        auto reply = server.call("POST", "/v1/trace",
                                 R"({"agent_id":")" + agentId +
                                     R"(","decision":{"decision_type":"deploy","outcome":"ship it","confidence":0.7,)"
                                     R"("reasoning":"tests pass"}})",
                                 authorization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data");
    }

    static Poco::JSON::Object::Ptr verified(IdentityServer& server, const std::string& path, const std::string& authorization)
    {
        auto reply = server.call("GET", path, "", authorization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        return reply.json()->getObject("data");
    }

    static void exec(IdentityServer& server, const std::string& sql, const std::string& id)
    {
        server.sql().exec(sql, storage::SqlParams().add(id));
    }

public:
    void testVerifyStatuses()
    {
        IdentityServer server("verify_statuses");
        server.insertAgent(IdentityServer::kDefaultOrg, "alice", "agent", "alice-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        const auto trace = traced(server, asAlice, "alice");
        const auto id = trace->getValue<std::string>("decision_id");
        const auto stored = server.sql().exec("SELECT content_hash FROM decisions WHERE id = $1::uuid",
                                              storage::SqlParams().add(id)).text(0, "content_hash");

        // Read-after-write: the token of the trace is accepted and awaited.
        auto data = verified(server, "/v1/verify/" + id + "?min_visibility_token=" +
                                         trace->getValue<std::string>("visibility_token"), asAlice);
        CPPUNIT_ASSERT_EQUAL(id, data->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("verified"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT(data->getValue<bool>("valid"));
        CPPUNIT_ASSERT_EQUAL(stored, data->getValue<std::string>("content_hash"));
        CPPUNIT_ASSERT_EQUAL(std::string("content hash matches the decision's recorded fields"),
                             data->getValue<std::string>("message"));

        // Any hashed column changed behind the server's back is detected.
        for (const std::string change : {"outcome = 'ship it!'", "confidence = 0.71", "reasoning = NULL",
                                         "decision_type = 'Deploy'", "valid_from = valid_from + interval '1 microsecond'"})
        {
            exec(server, "UPDATE decisions SET " + change + " WHERE id = $1::uuid", id);
            data = verified(server, "/v1/verify/" + id, asAlice);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(change, std::string("tampered"), data->getValue<std::string>("status"));
            CPPUNIT_ASSERT(!data->getValue<bool>("valid"));
            CPPUNIT_ASSERT_EQUAL(stored, data->getValue<std::string>("content_hash"));
            CPPUNIT_ASSERT_EQUAL(std::string("content hash mismatch: the decision's recorded fields changed after it was written"),
                                 data->getValue<std::string>("message"));
            exec(server, "UPDATE decisions SET outcome = 'ship it', confidence = 0.7, reasoning = 'tests pass', "
                         "decision_type = 'deploy', valid_from = transaction_time WHERE id = $1::uuid", id);
            CPPUNIT_ASSERT_EQUAL(std::string("verified"),
                                 verified(server, "/v1/verify/" + id, asAlice)->getValue<std::string>("status"));
        }

        // A legacy v1 hash (no prefix) is still verified.
        auto row = server.sql().exec("SELECT valid_from FROM decisions WHERE id = $1::uuid", storage::SqlParams().add(id));
        const integrity::ContentHash::Fields fields{id, "deploy", "ship it", 0.7f,
                                                    Timestamp::fromPostgres(row.text(0, "valid_from")),
                                                    std::string("tests pass")};
        server.sql().exec("UPDATE decisions SET content_hash = $2 WHERE id = $1::uuid",
                          storage::SqlParams().add(id).add(integrity::ContentHash::computeV1(fields)));
        CPPUNIT_ASSERT_EQUAL(std::string("verified"), verified(server, "/v1/verify/" + id, asAlice)->getValue<std::string>("status"));

        exec(server, "UPDATE decisions SET content_hash = NULL WHERE id = $1::uuid", id);
        data = verified(server, "/v1/verify/" + id, asAlice);
        CPPUNIT_ASSERT_EQUAL(std::string("no_hash"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT(!data->getValue<bool>("valid"));
        CPPUNIT_ASSERT(!data->has("content_hash"));
        CPPUNIT_ASSERT_EQUAL(std::string("decision has no content hash"), data->getValue<std::string>("message"));
    }

    void testVerifyAccess()
    {
        IdentityServer server("verify_access");
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "alice", "agent", "alice-key");
        server.insertAgent(org, "bob", "agent", "bob-key");
        server.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        server.insertAgent(org, "tess", "agent", "tess-key", {"team"});
        const auto asAlice = server.bearer("alice", "alice-key");
        const auto asBob = server.bearer("bob", "bob-key");
        const auto asRita = server.bearer("rita", "rita-key");
        const auto id = traced(server, asAlice, "alice")->getValue<std::string>("decision_id");
        const auto tessDecision = traced(server, server.bearer("tess", "tess-key"), "tess")->getValue<std::string>("decision_id");

        struct Case
        {
            std::string path;
            std::string authorization;
            int status;
            std::string message;
        };
        const std::string admin = std::string("ApiKey admin:") + IdentityServer::kAdminKey;
        const auto otherOrg = server.insertOrg("Other", "other");
        server.insertAgent(otherOrg, "boss", "admin", "boss-key");
        const Case cases[] = {
            {"/v1/verify/" + id, admin, 200, ""},
            {"/v1/verify/" + id, asBob, 403, "insufficient permissions"},
            {"/v1/verify/" + id, asRita, 403, "insufficient permissions"},
            {"/v1/verify/" + tessDecision, asRita, 200, ""}, // shares a tag with tess
            {"/v1/verify/" + id, server.bearer("boss", "boss-key"), 404, "decision not found"},
            {"/v1/verify/0b7e6a2c-1111-4222-8333-444455556666", admin, 404, "decision not found"},
            {"/v1/verify/not-a-uuid", admin, 400, "decision id must be a UUID"},
            {"/v1/verify/" + id + "?min_visibility_token=v9.zz", admin, 400,
             "invalid min_visibility_token: not a visibility token issued by this server"},
            {"/v1/verify/" + id, "", 401, "missing authorization header"},
        };
        for (const auto& c : cases)
        {
            auto reply = server.call("GET", c.path, "", c.authorization);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.path + " " + reply.body, c.status, reply.status);
            if (!c.message.empty())
                CPPUNIT_ASSERT_EQUAL_MESSAGE(c.path, c.message, IdentityServer::errorMessage(reply));
        }
        // A grant makes alice's decisions visible to bob.
        auto grant = server.call("POST", "/v1/grants",
                                 R"({"grantee_agent_id":"bob","resource_type":"agent_traces","permission":"read"})", asAlice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(grant.body, 201, grant.status);
        CPPUNIT_ASSERT_EQUAL(std::string("verified"), verified(server, "/v1/verify/" + id, asBob)->getValue<std::string>("status"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(VerifyApiTest);
} // namespace akashi::test
