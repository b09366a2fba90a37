#include "api/IdentityServer.h"
#include "common/Timestamp.h"
#include "integrity/ContentHash.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace akashi::test
{
/// POST /v1/trace end to end against the real server and PostgreSQL.
class TraceApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TraceApiTest);
    CPPUNIT_TEST(testTraceWritesEveryRow);
    CPPUNIT_TEST(testSupersedes);
    CPPUNIT_TEST(testPermissionsAndRegistration);
    CPPUNIT_TEST(testInvalidRequests);
    CPPUNIT_TEST(testIdempotencyKeyReplays);
    CPPUNIT_TEST(testReadAfterWriteToken);
    CPPUNIT_TEST_SUITE_END();

    static HttpReply post(IdentityServer& server, const std::string& body, const std::string& authorization,
                          const std::string& keyHeader, const std::string& key)
    {
        Poco::Net::NameValueCollection headers;
        headers.set("Authorization", authorization);
        headers.set("Content-Type", "application/json");
        headers.set(keyHeader, key);
        return HttpTestClient(server.port()).request("POST", "/v1/trace", body, headers);
    }

    static constexpr const char* kFullBody =
        R"({"agent_id":"alice","trace_id":"trace-7","metadata":{"sprint":"Q1"},"context":{"repo":"akashi"},)"
        R"("decision":{"decision_type":"Architecture","outcome":"use redis","confidence":0.85,)"
        R"("reasoning":"sub-ms reads","alternatives":[{"label":"redis"},)"
        R"({"label":"memcached","rejection_reason":"no persistence","metadata":{"k":1}}],)"
        R"("evidence":[{"source_type":"document","source_uri":"https://redis.io/docs","content":"RESP3",)"
        R"("relevance_score":0.9},{"source_type":"agent_output","content":"p99 2ms","metadata":{"run":2}}]}})";

    static std::string simple(const std::string& agentId, const std::string& extra = {})
    {
        return R"({"agent_id":")" + agentId +
               R"(","decision":{"decision_type":"deploy","outcome":"ship it","confidence":0.5})" + extra + "}";
    }

    static std::int64_t count(IdentityServer& server, const std::string& sql, const std::string& param)
    {
        return server.sql().exec(sql, storage::SqlParams().add(param)).int64(0, "n");
    }

    static std::string decisionId(const HttpReply& reply)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("decision_id");
    }

public:
    void testIdempotencyKeyReplays()
    {
        IdentityServer server("trace_idempotency");
        server.insertAgent(IdentityServer::kDefaultOrg, "alice", "agent", "alice-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        const auto first = post(server, simple("alice"), asAlice, "Idempotency-Key", "k-1");
        const auto id = decisionId(first);
        CPPUNIT_ASSERT(!first.headers.has("Idempotency-Replayed"));

        // The SDKs send X-Idempotency-Key: the same key, the same scope.
        for (const char* header : {"Idempotency-Key", "X-Idempotency-Key"})
        {
            const auto again = post(server, simple("alice"), asAlice, header, "k-1");
            CPPUNIT_ASSERT_EQUAL(id, decisionId(again));
            CPPUNIT_ASSERT_EQUAL(std::string("true"), again.headers.get("Idempotency-Replayed"));
            CPPUNIT_ASSERT_EQUAL(first.headers.get("X-Akashi-Visibility-Token"),
                                 again.headers.get("X-Akashi-Visibility-Token"));
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(server, "SELECT count(*) AS n FROM decisions WHERE agent_id = $1",
                                                    "alice"));

        const auto changed = post(server, simple("alice", R"(,"metadata":{"x":1})"), asAlice, "Idempotency-Key", "k-1");
        CPPUNIT_ASSERT_EQUAL(409, changed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency key reused with different payload"),
                             IdentityServer::errorMessage(changed));

        // A request that failed releases its key: the corrected retry runs.
        const auto invalid = post(server, R"({"agent_id":"alice","decision":{}})", asAlice, "Idempotency-Key", "k-2");
        CPPUNIT_ASSERT_EQUAL(400, invalid.status);
        CPPUNIT_ASSERT(id != decisionId(post(server, simple("alice"), asAlice, "Idempotency-Key", "k-2")));

        const auto malformed = post(server, simple("alice"), asAlice, "Idempotency-Key", "has space");
        CPPUNIT_ASSERT_EQUAL(400, malformed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid Idempotency-Key header: only printable ASCII without spaces"),
                             IdentityServer::errorMessage(malformed));
    }

    void testReadAfterWriteToken()
    {
        IdentityServer server("trace_read_after_write");
        const auto reply = server.call("POST", "/v1/trace", simple("admin"), IdentityServer::admin());
        const auto id = decisionId(reply);
        const auto token = reply.headers.get("X-Akashi-Visibility-Token");
        const auto read = server.call("GET", "/v1/decisions/" + id + "?min_visibility_token=" + token, {}, IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(read.body, 200, read.status);
        const auto query = server.call("POST", "/v1/query",
                                       R"({"filters":{"agent_id":["admin"]},"min_visibility_token":")" + token + "\"}",
                                       IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(query.body, 200, query.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, query.json()->getArray("data")->size());
    }

    void testTraceWritesEveryRow()
    {
        IdentityServer server("trace_rows");
        server.insertAgent(IdentityServer::kDefaultOrg, "alice", "agent", "alice-key");
        const auto asAlice = server.bearer("alice", "alice-key");

        Poco::Net::NameValueCollection headers;
        headers.set("Authorization", asAlice);
        headers.set("Content-Type", "application/json");
        headers.set("X-Akashi-Session", "6f9619ff-8b86-4011-b42d-00c04fc964ff");
        headers.set("User-Agent", "akashi-python/0.3.2");
        headers.set("X-Model", "claude-opus");
        const auto reply = HttpTestClient(server.port()).request("POST", "/v1/trace", kFullBody, headers);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        const auto data = reply.json()->getObject("data");
        const auto id = data->getValue<std::string>("decision_id");
        const auto runId = data->getValue<std::string>("run_id");
        CPPUNIT_ASSERT_EQUAL(5, data->getValue<int>("event_count"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, data->getArray("warnings")->size());
        CPPUNIT_ASSERT_EQUAL(reply.headers.get("X-Akashi-Visibility-Token"), data->getValue<std::string>("visibility_token"));

        auto run = server.sql().exec("SELECT agent_id, trace_id, status, completed_at IS NOT NULL AS done, org_id::text AS org "
                                     "FROM agent_runs WHERE id = $1::uuid",
                                     storage::SqlParams().add(runId));
        CPPUNIT_ASSERT_EQUAL(1, run.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), run.text(0, "agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("trace-7"), run.text(0, "trace_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), run.text(0, "status"));
        CPPUNIT_ASSERT(run.boolean(0, "done"));
        CPPUNIT_ASSERT_EQUAL(std::string(IdentityServer::kDefaultOrg), run.text(0, "org"));

        auto row = server.sql().exec(
            "SELECT run_id::text AS run_id, decision_type, outcome, confidence::text AS confidence, reasoning, "
            "metadata::text AS metadata, content_hash, valid_from, valid_to IS NULL AS current, "
            "valid_from = transaction_time AS same_time, session_id::text AS session_id, agent_context::text AS context, "
            "tool, model FROM decisions WHERE id = $1::uuid",
            storage::SqlParams().add(id));
        CPPUNIT_ASSERT_EQUAL(1, row.rows());
        CPPUNIT_ASSERT_EQUAL(runId, row.text(0, "run_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("architecture"), row.text(0, "decision_type"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"sprint": "Q1", "original_decision_type": "Architecture"})"),
                             row.text(0, "metadata"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.85"), row.text(0, "confidence"));
        CPPUNIT_ASSERT(row.boolean(0, "current") && row.boolean(0, "same_time"));
        CPPUNIT_ASSERT_EQUAL(std::string("6f9619ff-8b86-4011-b42d-00c04fc964ff"), row.text(0, "session_id"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"client": {"repo": "akashi"}, "server": {"tool": "akashi-python", )"
                                         R"("model": "claude-opus", "tool_version": "0.3.2"}})"),
                             row.text(0, "context"));
        CPPUNIT_ASSERT_EQUAL(std::string("akashi-python"), row.text(0, "tool"));
        CPPUNIT_ASSERT_EQUAL(std::string("claude-opus"), row.text(0, "model"));
        // The stored hash is the v2 hash of the stored fields.
        const integrity::ContentHash::Fields fields{id, "architecture", "use redis", 0.85f,
                                                    Timestamp::fromPostgres(row.text(0, "valid_from")),
                                                    std::string("sub-ms reads")};
        CPPUNIT_ASSERT_EQUAL(integrity::ContentHash::computeV2(fields), row.text(0, "content_hash"));

        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, count(server, "SELECT count(*) AS n FROM alternatives WHERE decision_id = $1::uuid "
                                                            "AND org_id = '00000000-0000-0000-0000-000000000000'", id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM alternatives WHERE decision_id = $1::uuid "
                                                            "AND label = 'memcached' AND rejection_reason = 'no persistence' "
                                                            "AND metadata = '{\"k\": 1}'", id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM alternatives WHERE decision_id = $1::uuid "
                                                            "AND label = 'redis' AND rejection_reason IS NULL AND metadata = '{}'", id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM evidence WHERE decision_id = $1::uuid "
                                                            "AND source_type = 'document' AND source_uri = 'https://redis.io/docs' "
                                                            "AND content = 'RESP3' AND relevance_score = 0.9::real", id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM evidence WHERE decision_id = $1::uuid "
                                                            "AND source_uri IS NULL AND relevance_score IS NULL "
                                                            "AND metadata = '{\"run\": 2}'", id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM search_outbox WHERE decision_id = $1::uuid "
                                                            "AND operation = 'upsert' AND attempts = 0", id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, count(server, "SELECT count(*) AS n FROM agent_events WHERE agent_id = $1", "alice"));

    }

    void testSupersedes()
    {
        IdentityServer server("trace_supersedes");
        server.insertAgent(IdentityServer::kDefaultOrg, "alice", "agent", "alice-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        const auto first = decisionId(server.call("POST", "/v1/trace", simple("alice"), asAlice));
        const auto second = decisionId(
            server.call("POST", "/v1/trace", simple("alice", R"(,"supersedes_id":")" + first + "\""), asAlice));

        auto closed = server.sql().exec("SELECT (SELECT valid_to FROM decisions WHERE id = $1::uuid) = "
                                        "(SELECT valid_from FROM decisions WHERE id = $2::uuid) AS linked, "
                                        "(SELECT supersedes_id::text FROM decisions WHERE id = $2::uuid) AS supersedes",
                                        storage::SqlParams().add(first).add(second));
        CPPUNIT_ASSERT(closed.boolean(0, "linked"));
        CPPUNIT_ASSERT_EQUAL(first, closed.text(0, "supersedes"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM search_outbox WHERE decision_id = $1::uuid "
                                                            "AND operation = 'delete'", first));

        auto again = server.call("POST", "/v1/trace", simple("alice", R"(,"supersedes_id":")" + first + "\""), asAlice);
        CPPUNIT_ASSERT_EQUAL(400, again.status);
        CPPUNIT_ASSERT_EQUAL("decision " + first + " already superseded", IdentityServer::errorMessage(again));
        const std::string ghost = "0b7e6a2c-1111-4222-8333-444455556666";
        auto missing = server.call("POST", "/v1/trace", simple("alice", R"(,"supersedes_id":")" + ghost + "\""), asAlice);
        CPPUNIT_ASSERT_EQUAL(400, missing.status);
        CPPUNIT_ASSERT_EQUAL("invalid request body: field \"supersedes_id\": decision " + ghost +
                                 " not found in this organization",
                             IdentityServer::errorMessage(missing));
        // A failed revision leaves nothing behind: still exactly two decisions and two runs.
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, count(server, "SELECT count(*) AS n FROM decisions WHERE agent_id = $1", "alice"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, count(server, "SELECT count(*) AS n FROM agent_runs WHERE agent_id = $1", "alice"));

        // Two concurrent revisions of one current decision: the row lock lets exactly one through.
        HttpReply a, b;
        const auto revise = simple("alice", R"(,"supersedes_id":")" + second + "\"");
        std::thread other([&] { a = server.call("POST", "/v1/trace", revise, asAlice); });
        b = server.call("POST", "/v1/trace", revise, asAlice);
        other.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(a.body + b.body, 601, a.status + b.status);
        const auto& loser = a.status == 400 ? a : b;
        CPPUNIT_ASSERT_EQUAL("decision " + second + " already superseded", IdentityServer::errorMessage(loser));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM decisions WHERE agent_id = $1 "
                                                            "AND valid_to IS NULL", "alice"));

        // precedent_ref must name a decision of the org.
        auto precedent = server.call("POST", "/v1/trace",
                                     simple("alice", R"(,"precedent_ref":")" + ghost + R"(","precedent_reason":"x")"), asAlice);
        CPPUNIT_ASSERT_EQUAL(400, precedent.status);
        CPPUNIT_ASSERT_EQUAL("invalid request body: field \"precedent_ref\": decision " + ghost +
                                 " not found in this organization",
                             IdentityServer::errorMessage(precedent));
        const auto cited = decisionId(server.call(
            "POST", "/v1/trace", simple("alice", R"(,"precedent_ref":")" + first + R"(","precedent_reason":"same")"), asAlice));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM decisions WHERE id = $1::uuid AND "
                                                            "precedent_reason = 'same' AND precedent_ref IS NOT NULL", cited));
    }

    void testPermissionsAndRegistration()
    {
        IdentityServer server("trace_permissions");
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "alice", "agent", "alice-key");
        server.insertAgent(org, "bob", "agent", "bob-key");
        server.insertAgent(org, "rita", "reader", "rita-key");
        const auto asAlice = server.bearer("alice", "alice-key");

        auto forBob = server.call("POST", "/v1/trace", simple("bob"), asAlice);
        CPPUNIT_ASSERT_EQUAL(403, forBob.status);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), IdentityServer::errorMessage(forBob));
        auto ghost = server.call("POST", "/v1/trace", simple("ghost"), asAlice);
        CPPUNIT_ASSERT_EQUAL(403, ghost.status);
        auto reader = server.call("POST", "/v1/trace", simple("rita"), server.bearer("rita", "rita-key"));
        CPPUNIT_ASSERT_EQUAL(403, reader.status);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), IdentityServer::errorMessage(reader));
        CPPUNIT_ASSERT_EQUAL(401, server.call("POST", "/v1/trace", simple("alice")).status);

        // An admin traces for an existing agent, and registers an unknown one (role agent, no key).
        decisionId(server.call("POST", "/v1/trace", simple("bob"), IdentityServer::admin()));
        decisionId(server.call("POST", "/v1/trace", simple("newbot"), IdentityServer::admin()));
        auto registered = server.sql().exec("SELECT role, name, api_key_hash IS NULL AS keyless FROM agents "
                                            "WHERE org_id = $1::uuid AND agent_id = 'newbot'",
                                            storage::SqlParams().add(org));
        CPPUNIT_ASSERT_EQUAL(1, registered.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("agent"), registered.text(0, "role"));
        CPPUNIT_ASSERT_EQUAL(std::string("newbot"), registered.text(0, "name"));
        CPPUNIT_ASSERT(registered.boolean(0, "keyless"));
        decisionId(server.call("POST", "/v1/trace", simple("newbot"), IdentityServer::admin()));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, count(server, "SELECT count(*) AS n FROM agents WHERE agent_id = $1", "newbot"));

        // An admin of another org registers its own agent there; the default org is untouched.
        const auto otherOrg = server.insertOrg("Other", "other");
        server.insertAgent(otherOrg, "boss", "admin", "boss-key");
        const auto asBoss = server.bearer("boss", "boss-key");
        const auto foreign = decisionId(server.call("POST", "/v1/trace", simple("bob"), asBoss));
        CPPUNIT_ASSERT_EQUAL(otherOrg, server.sql().exec("SELECT org_id::text AS org FROM decisions WHERE id = $1::uuid",
                                                         storage::SqlParams().add(foreign)).text(0, "org"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, count(server, "SELECT count(*) AS n FROM agents WHERE agent_id = $1", "bob"));
        // A precedent of another org is not found.
        const auto mine = decisionId(server.call("POST", "/v1/trace", simple("alice"), asAlice));
        auto crossPrecedent = server.call("POST", "/v1/trace", simple("bob", R"(,"precedent_ref":")" + mine + "\""), asBoss);
        CPPUNIT_ASSERT_EQUAL(400, crossPrecedent.status);
        auto crossSupersede = server.call("POST", "/v1/trace", simple("bob", R"(,"supersedes_id":")" + mine + "\""), asBoss);
        CPPUNIT_ASSERT_EQUAL(400, crossSupersede.status);
        CPPUNIT_ASSERT(server.sql().exec("SELECT valid_to IS NULL AS current FROM decisions WHERE id = $1::uuid",
                                         storage::SqlParams().add(mine)).boolean(0, "current"));
    }

    void testInvalidRequests()
    {
        IdentityServer server("trace_invalid");
        server.insertAgent(IdentityServer::kDefaultOrg, "alice", "agent", "alice-key");
        const auto asAlice = server.bearer("alice", "alice-key");
        const std::tuple<std::string, int, std::string> cases[] = {
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":"o","confidence":0.5,)"
             R"("alternatives":[{"label":"a","score":0.3}]}})",
             400, "invalid request body: unknown field \"decision.alternatives[0].score\""},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":"o","confidence":2}})", 400,
             "invalid request body: field \"decision.confidence\" must be between 0 and 1"},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":"o","confidence":0.5,)"
             R"("evidence":[{"source_type":"url","content":"c","source_uri":"http://169.254.169.254/"}]}})",
             400, "invalid request body: field \"decision.evidence[0].source_uri\" must not point to localhost or a private network address"},
            {R"({"agent_id":"admin!","decision":{}})", 400,
             "invalid request body: field \"agent_id\" must be 1-255 characters of letters, digits, '.', '_', '@' or '-'"},
            {"[1]", 400, ""},
        };
        for (const auto& [body, status, message] : cases)
        {
            auto reply = server.call("POST", "/v1/trace", body, asAlice);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body + " " + reply.body, status, reply.status);
            if (!message.empty())
                CPPUNIT_ASSERT_EQUAL_MESSAGE(body, message, IdentityServer::errorMessage(reply));
        }
        Poco::Net::NameValueCollection headers;
        headers.set("Authorization", asAlice);
        headers.set("X-Akashi-Session", "not-a-session");
        auto badSession = HttpTestClient(server.port()).request("POST", "/v1/trace", simple("alice"), headers);
        CPPUNIT_ASSERT_EQUAL(400, badSession.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid X-Akashi-Session header: must be a UUID"),
                             IdentityServer::errorMessage(badSession));

        // Over AKASHI_MAX_REQUEST_BODY_BYTES (1 MiB): 413 before the body is read.
        const std::string huge = R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":")" +
                                 std::string(1100 * 1024, 'x') + R"(","confidence":0.5}})";
        auto oversize = server.call("POST", "/v1/trace", huge, asAlice);
        CPPUNIT_ASSERT_EQUAL(413, oversize.status);
        CPPUNIT_ASSERT_EQUAL(std::string("request body exceeds the limit of 1048576 bytes"),
                             IdentityServer::errorMessage(oversize));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, count(server, "SELECT count(*) AS n FROM decisions WHERE agent_id = $1", "alice"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(TraceApiTest);
} // namespace akashi::test
