#include "api/DecisionFixtures.h"
#include "api/IdentityServer.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// POST /v1/decisions/{id}/assess and GET /v1/decisions/{id}/assessments end to end: roles (a reader may
/// list, not assess), visibility (403), org isolation (404), validation naming the field, the list
/// envelope, and the assessment_summary of GET /v1/decisions/{id}.
class AssessmentApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AssessmentApiTest);
    CPPUNIT_TEST(testAssessAndList);
    CPPUNIT_TEST(testRefusals);
    CPPUNIT_TEST_SUITE_END();

    struct Seeded
    {
        std::string aliceDecision;
        std::string bobDecision;
        std::string foreignDecision;
    };

    static Seeded seed(IdentityServer& server)
    {
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        server.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        server.insertAgent(org, "bob", "agent", "bob-key");
        const auto other = server.insertOrg("Other", "other");
        server.insertAgent(other, "olga", "admin", "olga-key");
        DecisionFixtures fx(server.sql());
        Seeded seeded;
        DecisionSpec spec;
        spec.agentId = "alice";
        seeded.aliceDecision = fx.insertDecision(spec);
        spec.agentId = "bob";
        seeded.bobDecision = fx.insertDecision(spec);
        spec.orgId = other;
        spec.agentId = "olga";
        seeded.foreignDecision = fx.insertDecision(spec);
        return seeded;
    }

public:
    void testAssessAndList()
    {
        IdentityServer server("assessments_ok");
        const auto seeded = seed(server);
        const std::string path = "/v1/decisions/" + seeded.aliceDecision;

        auto reply = server.call("POST", path + "/assess", R"({"outcome":"correct","notes":"held up"})",
                                 "ApiKey alice:alice-key");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(seeded.aliceDecision, data->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), data->getValue<std::string>("assessor_agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("correct"), data->getValue<std::string>("outcome"));
        CPPUNIT_ASSERT_EQUAL(std::string("held up"), data->getValue<std::string>("notes"));
        CPPUNIT_ASSERT_EQUAL(std::string(IdentityServer::kDefaultOrg), data->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT(reply.headers.has("X-Akashi-Visibility-Token"));
        const auto firstId = data->getValue<std::string>("id");
        reply = server.call("POST", path + "/assess", R"({"outcome":"partially_correct"})", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(201, reply.status);
        CPPUNIT_ASSERT(!reply.json()->getObject("data")->has("notes"));
        CPPUNIT_ASSERT_EQUAL(201, server.call("POST", path + "/assess", R"({"outcome":"incorrect"})", IdentityServer::admin()).status);

        // A reader may list: newest first, the list envelope with an exact total.
        reply = server.call("GET", path + "/assessments?limit=2", "", server.bearer("rita", "rita-key"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto body = reply.json();
        CPPUNIT_ASSERT_EQUAL(3, body->getValue<int>("total"));
        CPPUNIT_ASSERT(body->getValue<bool>("has_more"));
        CPPUNIT_ASSERT_EQUAL(2, body->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("offset"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), body->getArray("data")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("incorrect"), body->getArray("data")->getObject(0)->getValue<std::string>("outcome"));
        body = server.call("GET", path + "/assessments?offset=2", "", IdentityServer::admin()).json();
        CPPUNIT_ASSERT_EQUAL(firstId, body->getArray("data")->getObject(0)->getValue<std::string>("id"));
        CPPUNIT_ASSERT(!body->getValue<bool>("has_more"));
        body = server.call("GET", "/v1/decisions/" + seeded.bobDecision + "/assessments", "", IdentityServer::admin()).json();
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("total"));

        // The decision itself carries the counts.
        const auto summary = server.call("GET", path, "", IdentityServer::admin()).json()->getObject("data")->getObject("assessment_summary");
        CPPUNIT_ASSERT_EQUAL(3, summary->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(1, summary->getValue<int>("correct"));
        CPPUNIT_ASSERT_EQUAL(1, summary->getValue<int>("incorrect"));
        CPPUNIT_ASSERT_EQUAL(1, summary->getValue<int>("partially_correct"));
    }

    void testRefusals()
    {
        IdentityServer server("assessments_refused");
        const auto seeded = seed(server);
        const std::string alice = "ApiKey alice:alice-key";
        const std::string path = "/v1/decisions/" + seeded.aliceDecision;

        struct Case
        {
            std::string body;
            std::string message;
        };
        const Case invalid[] = {
            {R"({"outcome":"great"})",
             "invalid request body: field \"outcome\" must be one of correct, incorrect, partially_correct"},
            {"{}", "invalid request body: field \"outcome\" is required"},
            {R"({"outcome":1})", "invalid request body: field \"outcome\" must be a string"},
            {R"({"outcome":"correct","notes":")" + std::string(8193, 'n') + "\"}",
             "invalid request body: field \"notes\" must be at most 8192 bytes"},
            {R"({"outcome":"correct","notes":7})", "invalid request body: field \"notes\" must be a string"},
            {R"({"outcome":"correct","score":1})", "invalid request body: unknown field \"score\""},
        };
        for (const auto& c : invalid)
        {
            const auto reply = server.call("POST", path + "/assess", c.body, alice);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, 400, reply.status);
            CPPUNIT_ASSERT_EQUAL(c.message, IdentityServer::errorMessage(reply));
        }
        auto reply = server.call("POST", "/v1/decisions/not-a-uuid/assess", R"({"outcome":"correct"})", alice);
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("decision id must be a UUID"), IdentityServer::errorMessage(reply));

        reply = server.call("POST", path + "/assess", R"({"outcome":"correct"})", "ApiKey rita:rita-key");
        CPPUNIT_ASSERT_EQUAL(403, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), IdentityServer::errorMessage(reply));
        // Bob's decision is in the org but not visible to alice.
        reply = server.call("POST", "/v1/decisions/" + seeded.bobDecision + "/assess", R"({"outcome":"correct"})", alice);
        CPPUNIT_ASSERT_EQUAL(403, reply.status);
        CPPUNIT_ASSERT_EQUAL(403, server.call("GET", "/v1/decisions/" + seeded.bobDecision + "/assessments", "", alice).status);

        // Unknown and other-org decisions are alike: 404, for writes and reads.
        for (const auto& id : {std::string("00000000-0000-4000-8000-000000000001"), seeded.foreignDecision})
        {
            reply = server.call("POST", "/v1/decisions/" + id + "/assess", R"({"outcome":"correct"})", IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL(404, reply.status);
            CPPUNIT_ASSERT_EQUAL(std::string("decision not found"), IdentityServer::errorMessage(reply));
            CPPUNIT_ASSERT_EQUAL(404, server.call("GET", "/v1/decisions/" + id + "/assessments", "", IdentityServer::admin()).status);
        }
        // Other-org admin cannot assess this org's decision either; nothing was written by any refusal.
        reply = server.call("POST", path + "/assess", R"({"outcome":"correct"})", server.bearer("olga", "olga-key"));
        CPPUNIT_ASSERT_EQUAL(404, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), server.sql().exec("SELECT count(*) AS n FROM decision_assessments").int64(0, "n"));
        CPPUNIT_ASSERT_EQUAL(401, server.call("POST", path + "/assess", R"({"outcome":"correct"})").status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AssessmentApiTest);
} // namespace akashi::test
