#include "api/IdentityServer.h"
#include "common/Sha256.h"
#include "integrity/ContentHash.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace akashi::test
{
/// Integrity batches end to end on a real server: the batch job sealing traced decisions, GET
/// /v1/integrity/proof/{id} checked by recomputing the path here, its access rules, the answer before
/// a decision's batch exists, and GET /v1/verify's batch membership (also after a rewrite).
class IntegrityApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IntegrityApiTest);
    CPPUNIT_TEST(testProofOfABatchedDecision);
    CPPUNIT_TEST(testBeforeTheBatch);
    CPPUNIT_TEST_SUITE_END();

    static std::string traced(IdentityServer& server, const std::string& authorization, const std::string& agentId,
                              const std::string& outcome)
    {
        auto reply = server.call("POST", "/v1/trace",
                                 R"({"agent_id":")" + agentId + R"(","decision":{"decision_type":"deploy","outcome":")" +
                                     outcome + R"(","confidence":0.7,"reasoning":"tests pass"}})",
                                 authorization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("decision_id");
    }

    /// The documented node: SHA-256(0x01 ‖ uint32_be(len(left)) ‖ left ‖ right), lowercase hex.
    static std::string node(const std::string& left, const std::string& right)
    {
        const auto n = static_cast<std::uint32_t>(left.size());
        std::string preimage = "\x01";
        for (int shift : {24, 16, 8, 0})
            preimage.push_back(static_cast<char>((n >> shift) & 0xff));
        return Sha256::hex(preimage + left + right);
    }

    /// What a client does with the proof: fold the path from the leaf and compare with root_hash.
    static std::string rootFromPath(const std::string& leaf, const Poco::JSON::Array::Ptr& path)
    {
        std::string current = leaf;
        for (std::size_t i = 0; i < path->size(); ++i)
        {
            const auto step = path->getObject(static_cast<unsigned>(i));
            const auto sibling = step->getValue<std::string>("hash");
            current = step->getValue<bool>("is_right") ? node(current, sibling) : node(sibling, current);
        }
        return current;
    }

    static HttpReply awaitProof(IdentityServer& server, const std::string& id)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (true)
        {
            auto reply = server.call("GET", "/v1/integrity/proof/" + id, "", IdentityServer::admin());
            if (reply.status != 404 || std::chrono::steady_clock::now() > deadline)
                return reply;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

public:
    void testProofOfABatchedDecision()
    {
        IdentityServer server("integrity_api_proof", {{"AKASHI_INTEGRITY_PROOF_INTERVAL", "1s"}});
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "alice", "agent", "alice-key");
        server.insertAgent(org, "bob", "agent", "bob-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        std::vector<std::string> ids;
        for (const char* outcome : {"ship it", "roll back", "wait", "canary first", "ship friday"})
            ids.push_back(traced(server, asAlice, "alice", outcome));

        // The batch job seals them within a second or two; all five may take two batches.
        for (const auto& id : ids)
            CPPUNIT_ASSERT_EQUAL(200, awaitProof(server, id).status);
        const auto logged = server.process().waitForLog("integrity proof created", std::chrono::seconds(5));
        CPPUNIT_ASSERT(logged);
        CPPUNIT_ASSERT_EQUAL(org, logged->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT(logged->getValue<int>("decision_count") >= 1);
        const auto loggedRoot = server.sql().exec("SELECT root_hash FROM integrity_proofs WHERE id = $1::uuid",
                                                  storage::SqlParams().add(logged->getValue<std::string>("proof_id")));
        CPPUNIT_ASSERT_EQUAL(1, loggedRoot.rows());
        CPPUNIT_ASSERT_EQUAL(loggedRoot.text(0, "root_hash"), logged->getValue<std::string>("root_hash"));

        for (const auto& id : ids)
        {
            auto reply = server.call("GET", "/v1/integrity/proof/" + id, "", asAlice);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
            const auto data = reply.json()->getObject("data");
            const auto row = server.sql().exec(
                "SELECT d.content_hash, p.id::text AS proof_id, p.root_hash FROM decisions d "
                "JOIN proof_leaves l ON l.decision_id = d.id JOIN integrity_proofs p ON p.id = l.proof_id "
                "WHERE d.id = $1::uuid",
                storage::SqlParams().add(id));
            CPPUNIT_ASSERT_EQUAL(id, data->getValue<std::string>("decision_id"));
            CPPUNIT_ASSERT_EQUAL(row.text(0, "content_hash"), data->getValue<std::string>("content_hash"));
            CPPUNIT_ASSERT_EQUAL(row.text(0, "proof_id"), data->getValue<std::string>("proof_id"));
            CPPUNIT_ASSERT_EQUAL(row.text(0, "root_hash"), data->getValue<std::string>("root_hash"));
            CPPUNIT_ASSERT(data->getValue<bool>("verified"));
            CPPUNIT_ASSERT(Timestamp::parseRfc3339(data->getValue<std::string>("batch_start")).has_value());
            CPPUNIT_ASSERT(Timestamp::parseRfc3339(data->getValue<std::string>("batch_end")).has_value());
            CPPUNIT_ASSERT_EQUAL(data->getValue<std::string>("root_hash"),
                                 rootFromPath(data->getValue<std::string>("content_hash"), data->getArray("proof_path")));

            const auto verify = server.call("GET", "/v1/verify/" + id, "", asAlice).json()->getObject("data");
            CPPUNIT_ASSERT_EQUAL(std::string("verified"), verify->getValue<std::string>("status"));
            const auto batch = verify->getObject("batch");
            CPPUNIT_ASSERT(batch);
            CPPUNIT_ASSERT_EQUAL(row.text(0, "proof_id"), batch->getValue<std::string>("proof_id"));
            CPPUNIT_ASSERT_EQUAL(row.text(0, "root_hash"), batch->getValue<std::string>("root_hash"));
            CPPUNIT_ASSERT_EQUAL(data->getValue<std::string>("batch_end"), batch->getValue<std::string>("batch_end"));
            CPPUNIT_ASSERT_EQUAL(data->getValue<std::string>("batch_start"), batch->getValue<std::string>("batch_start"));
            CPPUNIT_ASSERT(batch->getValue<bool>("included"));
        }

        // Access: another org's admin does not see it, an agent without visibility is refused.
        const auto otherOrg = server.insertOrg("Other", "other");
        server.insertAgent(otherOrg, "boss", "admin", "boss-key");
        struct Case
        {
            std::string path;
            std::string authorization;
            int status;
            std::string message;
        };
        const Case cases[] = {
            {"/v1/integrity/proof/" + ids[0], server.bearer("boss", "boss-key"), 404, "decision not found"},
            {"/v1/integrity/proof/" + ids[0], server.bearer("bob", "bob-key"), 403, "insufficient permissions"},
            {"/v1/integrity/proof/0b7e6a2c-1111-4222-8333-444455556666", IdentityServer::admin(), 404, "decision not found"},
            {"/v1/integrity/proof/not-a-uuid", IdentityServer::admin(), 400, "decision id must be a UUID"},
            {"/v1/integrity/proof/" + ids[0], "", 401, "missing authorization header"},
        };
        for (const auto& c : cases)
        {
            auto reply = server.call("GET", c.path, "", c.authorization);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.path + " " + reply.body, c.status, reply.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.path, c.message, IdentityServer::errorMessage(reply));
        }

        // Fields and hash rewritten together pass the content hash check, but not the sealed batch.
        const auto& rewritten = ids[2];
        auto row = server.sql().exec("SELECT valid_from FROM decisions WHERE id = $1::uuid", storage::SqlParams().add(rewritten));
        const integrity::ContentHash::Fields fields{rewritten, "deploy", "rewritten", 0.7f,
                                                    Timestamp::fromPostgres(row.text(0, "valid_from")),
                                                    std::string("tests pass")};
        server.sql().exec("UPDATE decisions SET outcome = 'rewritten', content_hash = $2 WHERE id = $1::uuid",
                          storage::SqlParams().add(rewritten).add(integrity::ContentHash::computeV2(fields)));
        const auto verify = server.call("GET", "/v1/verify/" + rewritten, "", asAlice).json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("tampered"), verify->getValue<std::string>("status"));
        CPPUNIT_ASSERT(!verify->getValue<bool>("valid"));
        CPPUNIT_ASSERT(!verify->getObject("batch")->getValue<bool>("included"));
        const auto proofId = verify->getObject("batch")->getValue<std::string>("proof_id");
        CPPUNIT_ASSERT_EQUAL("content hash does not reproduce integrity batch " + proofId +
                                 ": the hash or the batch changed after the batch was sealed",
                             verify->getValue<std::string>("message"));
        const auto proof = server.call("GET", "/v1/integrity/proof/" + rewritten, "", asAlice).json()->getObject("data");
        CPPUNIT_ASSERT(!proof->getValue<bool>("verified"));
        CPPUNIT_ASSERT(proof->getValue<std::string>("root_hash") !=
                       rootFromPath(proof->getValue<std::string>("content_hash"), proof->getArray("proof_path")));
    }

    void testBeforeTheBatch()
    {
        // The default interval: the job's first pass runs at startup, the next one 5 minutes later.
        IdentityServer server("integrity_api_unbatched");
        server.insertAgent(IdentityServer::kDefaultOrg, "alice", "agent", "alice-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        const auto id = traced(server, asAlice, "alice", "ship it");

        auto reply = server.call("GET", "/v1/integrity/proof/" + id, "", asAlice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 404, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("no integrity proof covers this decision yet; batches are created every 5m"),
                             IdentityServer::errorMessage(reply));
        const auto verify = server.call("GET", "/v1/verify/" + id, "", asAlice);
        CPPUNIT_ASSERT_EQUAL(200, verify.status);
        const auto data = verify.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("verified"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT(data->has("batch"));
        CPPUNIT_ASSERT(data->isNull("batch"));
        CPPUNIT_ASSERT(verify.body.find("\"batch\":null") != std::string::npos);

        server.sql().exec("UPDATE decisions SET content_hash = NULL WHERE id = $1::uuid", storage::SqlParams().add(id));
        reply = server.call("GET", "/v1/integrity/proof/" + id, "", asAlice);
        CPPUNIT_ASSERT_EQUAL(404, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("decision has no content hash, so no integrity proof covers it"),
                             IdentityServer::errorMessage(reply));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(IntegrityApiTest);
} // namespace akashi::test
