#include "api/IdentityServer.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// /v1/agents end to end: registration (generated and supplied keys), validation, listing, tags, and the
/// destructive delete with its audit trail.
class AgentsApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AgentsApiTest);
    CPPUNIT_TEST(testCreateWithGeneratedKeyThenAuthenticate);
    CPPUNIT_TEST(testCreateValidation);
    CPPUNIT_TEST(testListGetAndTags);
    CPPUNIT_TEST(testDeleteDisabledByDefault);
    CPPUNIT_TEST(testDestructiveDeleteRemovesEverythingAndAudits);
    CPPUNIT_TEST(testWritesCarryVisibilityTokensReadsAcceptThem);
    CPPUNIT_TEST_SUITE_END();

    static std::string adminKey() { return std::string("ApiKey admin:") + IdentityServer::kAdminKey; }

public:
    void testWritesCarryVisibilityTokensReadsAcceptThem()
    {
        IdentityServer server("agents_visibility");
        auto created = server.call("POST", "/v1/agents", R"({"agent_id":"planner","name":"Planner"})", adminKey());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 201, created.status);
        const auto token = created.headers.get("X-Akashi-Visibility-Token");
        CPPUNIT_ASSERT_EQUAL(token, created.json()->getObject("data")->getValue<std::string>("visibility_token"));
        for (const std::string path : {"/v1/agents", "/v1/agents/planner", "/v1/grants"})
        {
            auto read = server.call("GET", path + "?min_visibility_token=" + token, "", adminKey());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path + " " + read.body, 200, read.status);
            auto bad = server.call("GET", path + "?min_visibility_token=v9.x", "", adminKey());
            CPPUNIT_ASSERT_EQUAL(400, bad.status);
            CPPUNIT_ASSERT_EQUAL(std::string("invalid min_visibility_token: not a visibility token issued by this server"),
                                 IdentityServer::errorMessage(bad));
        }
        auto tagged = server.call("PATCH", "/v1/agents/planner/tags", R"({"tags":["ops"]})", adminKey());
        CPPUNIT_ASSERT_EQUAL(200, tagged.status);
        CPPUNIT_ASSERT(tagged.headers.has("X-Akashi-Visibility-Token"));
    }

    void testCreateWithGeneratedKeyThenAuthenticate()
    {
        IdentityServer server("agents_create");
        auto reply = server.call("POST", "/v1/agents",
                                 R"({"agent_id":"planner","name":"Planner","tags":["ops","ml","ops"],"metadata":{"team":"x"}})",
                                 adminKey());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        auto data = reply.json()->getObject("data");
        auto agent = data->getObject("agent");
        CPPUNIT_ASSERT_EQUAL(std::string("planner"), agent->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent"), agent->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(std::string(IdentityServer::kDefaultOrg), agent->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("x"), agent->getObject("metadata")->getValue<std::string>("team"));
        auto tags = agent->getArray("tags");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, tags->size());
        CPPUNIT_ASSERT_EQUAL(std::string("ml"), tags->getElement<std::string>(0));
        for (const char* field : {"id", "name", "created_at", "updated_at"})
            CPPUNIT_ASSERT_MESSAGE(field, agent->has(field));
        CPPUNIT_ASSERT(!agent->has("api_key_hash"));
        const auto rawKey = data->getValue<std::string>("raw_key");
        CPPUNIT_ASSERT(rawKey.rfind("ak_", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(rawKey.substr(0, 11), data->getObject("api_key")->getValue<std::string>("prefix"));

        // The generated key works with both schemes; the agent role is below the agents API.
        const auto bearer = server.bearer("planner", rawKey);
        for (const std::string& authorization : {bearer, "ApiKey planner:" + rawKey})
        {
            auto denied = server.call("GET", "/v1/agents", "", authorization);
            CPPUNIT_ASSERT_EQUAL(403, denied.status);
            CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), IdentityServer::errorMessage(denied));
        }
        // A supplied key is not echoed back.
        auto supplied = server.call("POST", "/v1/agents", R"({"agent_id":"coder","name":"Coder","api_key":"coder-secret-1"})",
                                    adminKey());
        CPPUNIT_ASSERT_EQUAL(201, supplied.status);
        CPPUNIT_ASSERT(!supplied.json()->getObject("data")->has("raw_key"));
        CPPUNIT_ASSERT(supplied.body.find("coder-secret-1") == std::string::npos);
        CPPUNIT_ASSERT(server.bearer("coder", "coder-secret-1").rfind("Bearer ", 0) == 0);
    }

    void testCreateValidation()
    {
        IdentityServer server("agents_validation");
        const std::tuple<std::string, int, std::string> cases[] = {
            {R"({"name":"x"})", 400, "invalid request body: field \"agent_id\" is required"},
            {R"({"agent_id":"x"})", 400, "invalid request body: field \"name\" is required"},
            {R"({"agent_id":"has space","name":"x"})", 400,
             "invalid request body: field \"agent_id\" must be 1-255 characters of letters, digits, '.', '_', '@' or '-'"},
            {R"({"agent_id":"system","name":"x"})", 400, "agent_id \"system\" is reserved"},
            {R"({"agent_id":"a1","name":"x","role":"superuser"})", 400,
             "invalid request body: field \"role\" must be one of reader, agent, admin, org_owner, platform_admin"},
            {R"({"agent_id":"a1","name":"x","role":"org_owner"})", 403, "cannot create an agent with a role above your own"},
            {R"({"agent_id":"a1","name":"x","tags":"ops"})", 400, "invalid request body: field \"tags\" must be an array of strings"},
            {R"({"agent_id":"a1","name":"x","tags":["Ops"]})", 400,
             "invalid request body: tag \"Ops\" must start with a lowercase letter and contain only a-z, 0-9, '_' or '-' (at most 64)"},
            {R"({"agent_id":"a1","name":"x","metadata":[1]})", 400, "invalid request body: field \"metadata\" must be an object"},
            {R"({"agent_id":"a1","name":"x","colour":"red"})", 400, "invalid request body: unknown field \"colour\""},
            {R"({"agent_id":"a1","name":7})", 400, "invalid request body: field \"name\" must be a string"},
            {"[1,2]", 400, "request body must be a JSON object"},
        };
        for (const auto& [body, status, message] : cases)
        {
            auto reply = server.call("POST", "/v1/agents", body, adminKey());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body + " " + reply.body, status, reply.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body, message, IdentityServer::errorMessage(reply));
        }
        CPPUNIT_ASSERT_EQUAL(201, server.call("POST", "/v1/agents", R"({"agent_id":"a1","name":"x","api_key":"k"})", adminKey()).status);
        auto duplicate = server.call("POST", "/v1/agents", R"({"agent_id":"a1","name":"y","api_key":"k"})", adminKey());
        CPPUNIT_ASSERT_EQUAL(409, duplicate.status);
        CPPUNIT_ASSERT_EQUAL(std::string("agent_id already exists"), IdentityServer::errorMessage(duplicate));
        // Nothing but a1 and admin was stored by all of that.
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, server.sql().exec("SELECT count(*) AS n FROM agents").int64(0, "n"));
    }

    void testListGetAndTags()
    {
        IdentityServer server("agents_list");
        for (const char* id : {"b1", "b2", "b3"})
            CPPUNIT_ASSERT_EQUAL(201, server.call("POST", "/v1/agents",
                                                  std::string(R"({"agent_id":")") + id + R"(","name":"n","api_key":"k"})",
                                                  adminKey())
                                          .status);
        auto page = server.call("GET", "/v1/agents?limit=2&offset=1", "", adminKey());
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        auto json = page.json();
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, json->getArray("data")->size());
        CPPUNIT_ASSERT_EQUAL(4, json->getValue<int>("total"));
        CPPUNIT_ASSERT(json->getValue<bool>("has_more"));
        CPPUNIT_ASSERT_EQUAL(2, json->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(1, json->getValue<int>("offset"));
        CPPUNIT_ASSERT(json->has("meta"));
        auto clamped = server.call("GET", "/v1/agents?limit=5000", "", adminKey()).json();
        CPPUNIT_ASSERT_EQUAL(1000, clamped->getValue<int>("limit"));
        CPPUNIT_ASSERT(!clamped->getValue<bool>("has_more"));
        auto badLimit = server.call("GET", "/v1/agents?limit=many", "", adminKey());
        CPPUNIT_ASSERT_EQUAL(400, badLimit.status);
        CPPUNIT_ASSERT_EQUAL(std::string("query parameter \"limit\" must be an integer"), IdentityServer::errorMessage(badLimit));

        auto one = server.call("GET", "/v1/agents/b2", "", adminKey());
        CPPUNIT_ASSERT_EQUAL(200, one.status);
        CPPUNIT_ASSERT_EQUAL(std::string("b2"), one.json()->getObject("data")->getValue<std::string>("agent_id"));
        auto missing = server.call("GET", "/v1/agents/nobody", "", adminKey());
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT_EQUAL(std::string("agent not found"), IdentityServer::errorMessage(missing));

        auto tagged = server.call("PATCH", "/v1/agents/b2/tags", R"({"tags":["zeta","alpha","zeta"]})", adminKey());
        CPPUNIT_ASSERT_EQUAL(200, tagged.status);
        auto tags = tagged.json()->getObject("data")->getArray("tags");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, tags->size());
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), tags->getElement<std::string>(0));
        auto cleared = server.call("PATCH", "/v1/agents/b2/tags", R"({"tags":[]})", adminKey());
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, cleared.json()->getObject("data")->getArray("tags")->size());
        auto noTags = server.call("PATCH", "/v1/agents/b2/tags", R"({})", adminKey());
        CPPUNIT_ASSERT_EQUAL(400, noTags.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid request body: field \"tags\" is required"), IdentityServer::errorMessage(noTags));
        CPPUNIT_ASSERT_EQUAL(404, server.call("PATCH", "/v1/agents/nobody/tags", R"({"tags":[]})", adminKey()).status);
    }

    void testDeleteDisabledByDefault()
    {
        IdentityServer server("agents_nodelete");
        server.insertAgent(IdentityServer::kDefaultOrg, "keeper", "agent", "k");
        auto reply = server.call("DELETE", "/v1/agents/keeper", "", adminKey());
        CPPUNIT_ASSERT_EQUAL(403, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("agent deletion is disabled; set AKASHI_ENABLE_DESTRUCTIVE_DELETE=true"),
                             IdentityServer::errorMessage(reply));
        CPPUNIT_ASSERT_EQUAL(1, server.sql().exec("SELECT 1 FROM agents WHERE agent_id = 'keeper'").rows());
    }

    void testDestructiveDeleteRemovesEverythingAndAudits()
    {
        IdentityServer server("agents_delete", {{"AKASHI_ENABLE_DESTRUCTIVE_DELETE", "true"}});
        auto& sql = server.sql();
        const std::string org = IdentityServer::kDefaultOrg;
        const auto doomed = server.insertAgent(org, "doomed", "agent", "k");
        const auto survivor = server.insertAgent(org, "survivor", "agent", "k");
        sql.exec("INSERT INTO agent_runs (id, org_id, agent_id) VALUES ('10000000-0000-4000-8000-000000000001', $1, 'doomed'),"
                 " ('10000000-0000-4000-8000-000000000002', $1, 'survivor')",
                 storage::SqlParams().add(org));
        sql.exec("INSERT INTO decisions (id, run_id, agent_id, org_id, decision_type, outcome, confidence) VALUES "
                 "('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'doomed', $1, 'arch', 'a', 0.5)",
                 storage::SqlParams().add(org));
        sql.exec("INSERT INTO decisions (id, run_id, agent_id, org_id, decision_type, outcome, confidence, supersedes_id) VALUES "
                 "('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'survivor', $1, 'arch', 'b', "
                 "0.5, '20000000-0000-4000-8000-000000000001')",
                 storage::SqlParams().add(org));
        sql.exec("INSERT INTO alternatives (id, decision_id, org_id, label) VALUES "
                 "(gen_random_uuid(), '20000000-0000-4000-8000-000000000001', $1, 'other')",
                 storage::SqlParams().add(org));
        sql.exec("INSERT INTO evidence (id, decision_id, org_id, source_type, content) VALUES "
                 "(gen_random_uuid(), '20000000-0000-4000-8000-000000000001', $1, 'document', 'text')",
                 storage::SqlParams().add(org));
        sql.exec("INSERT INTO agent_events (id, run_id, org_id, event_type, sequence_num, occurred_at, agent_id) VALUES "
                 "(gen_random_uuid(), '10000000-0000-4000-8000-000000000001', $1, 'DecisionMade', 1, now(), 'doomed')",
                 storage::SqlParams().add(org));
        sql.exec("INSERT INTO access_grants (org_id, grantor_id, grantee_id, resource_type, resource_id, permission) "
                 "VALUES ($1, $2, $3, 'agent_traces', 'doomed', 'read')",
                 storage::SqlParams().add(org).add(doomed).add(survivor));

        auto reply = server.call("DELETE", "/v1/agents/doomed", "", std::string("ApiKey admin:") + IdentityServer::kAdminKey);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("doomed"), data->getValue<std::string>("agent_id"));
        auto deleted = data->getObject("deleted");
        for (const char* table : {"evidence", "alternatives", "decisions", "events", "runs", "grants", "agents"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(table, 1, deleted->getValue<int>(table));

        CPPUNIT_ASSERT_EQUAL(0, sql.exec("SELECT 1 FROM agents WHERE agent_id = 'doomed'").rows());
        CPPUNIT_ASSERT_EQUAL(0, sql.exec("SELECT 1 FROM agent_runs WHERE agent_id = 'doomed'").rows());
        CPPUNIT_ASSERT_EQUAL(0, sql.exec("SELECT 1 FROM agent_events WHERE agent_id = 'doomed'").rows());
        // Its SSE events go too (nothing to replay); the survivor's stay.
        CPPUNIT_ASSERT_EQUAL(0, sql.exec("SELECT 1 FROM stream_events WHERE payload LIKE '%\"doomed\"%'").rows());
        CPPUNIT_ASSERT(sql.exec("SELECT 1 FROM stream_events WHERE payload LIKE '%\"survivor\"%'").rows() > 0);
        // The survivor keeps its decision; only the link into the removed one is cleared.
        auto kept = sql.exec("SELECT supersedes_id FROM decisions WHERE agent_id = 'survivor'");
        CPPUNIT_ASSERT_EQUAL(1, kept.rows());
        CPPUNIT_ASSERT(kept.isNull(0, "supersedes_id"));
        // Every removed row is archived, the agent without its key hash; the search index is told.
        auto audit = sql.exec("SELECT table_name, count(*) AS n FROM deletion_audit_log WHERE deleted_by = 'admin' "
                              "GROUP BY table_name ORDER BY table_name");
        CPPUNIT_ASSERT_EQUAL(7, audit.rows());
        auto archivedAgent = sql.exec("SELECT record_data::text AS r FROM deletion_audit_log WHERE table_name = 'agents'");
        CPPUNIT_ASSERT(archivedAgent.text(0, "r").find("api_key_hash") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(1, sql.exec("SELECT 1 FROM search_outbox WHERE operation = 'delete' AND "
                                         "decision_id = '20000000-0000-4000-8000-000000000001'")
                                    .rows());

        auto again = server.call("DELETE", "/v1/agents/doomed", "", std::string("ApiKey admin:") + IdentityServer::kAdminKey);
        CPPUNIT_ASSERT_EQUAL(404, again.status);
        auto admin = server.call("DELETE", "/v1/agents/admin", "", std::string("ApiKey admin:") + IdentityServer::kAdminKey);
        CPPUNIT_ASSERT_EQUAL(403, admin.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the admin agent cannot be deleted"), IdentityServer::errorMessage(admin));
        server.insertAgent(org, "owner", "org_owner", "k");
        auto above = server.call("DELETE", "/v1/agents/owner", "", std::string("ApiKey admin:") + IdentityServer::kAdminKey);
        CPPUNIT_ASSERT_EQUAL(403, above.status);
        CPPUNIT_ASSERT_EQUAL(std::string("cannot delete an agent with a role above your own"),
                             IdentityServer::errorMessage(above));
        CPPUNIT_ASSERT_EQUAL(1, sql.exec("SELECT 1 FROM agents WHERE agent_id = 'owner'").rows());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AgentsApiTest);
} // namespace akashi::test
