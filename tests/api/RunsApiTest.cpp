#include "api/IdentityServer.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/JSON/Array.h>

#include <string>
#include <utility>
#include <vector>

namespace akashi::test
{
/// /v1/runs end to end: open, append events (durable and fire-and-forget), read, complete; validation,
/// ownership and org isolation.
class RunsApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RunsApiTest);
    CPPUNIT_TEST(testRunLifecycle);
    CPPUNIT_TEST(testFireAndForgetAppend);
    CPPUNIT_TEST(testValidation);
    CPPUNIT_TEST(testOwnershipAndIsolation);
    CPPUNIT_TEST(testIdempotentWrites);
    CPPUNIT_TEST(testRunShowsItsDecisions);
    CPPUNIT_TEST_SUITE_END();

    HttpReply postWithKey(const std::string& path, const std::string& body, const std::string& key)
    {
        Poco::Net::NameValueCollection headers;
        headers.set("Authorization", _alice);
        headers.set("Content-Type", "application/json");
        headers.set("X-Idempotency-Key", key);
        return HttpTestClient(_server->port()).request("POST", path, body, headers);
    }

    std::int64_t eventRows(const std::string& runId)
    {
        return _server->sql()
            .exec("SELECT count(*) AS n FROM agent_events WHERE run_id = $1::uuid", storage::SqlParams().add(runId))
            .int64(0, "n");
    }

    std::unique_ptr<IdentityServer> _server;
    std::string _alice, _bob, _reader, _admin, _eve;

    std::string openRun(const std::string& agentId, const std::string& authorization)
    {
        auto reply = _server->call("POST", "/v1/runs", R"({"agent_id":")" + agentId + R"("})", authorization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("id");
    }

    void expectError(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& authorization, int status, const std::string& message)
    {
        auto reply = _server->call(method, path, body, authorization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(method + " " + path + " " + body + " → " + reply.body, status, reply.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(body, message, IdentityServer::errorMessage(reply));
    }

public:
    void testIdempotentWrites()
    {
        const auto open = postWithKey("/v1/runs", R"({"agent_id":"alice"})", "open-1");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(open.body, 201, open.status);
        const auto runId = open.json()->getObject("data")->getValue<std::string>("id");
        const auto reopen = postWithKey("/v1/runs", R"({"agent_id":"alice"})", "open-1");
        CPPUNIT_ASSERT_EQUAL(201, reopen.status);
        CPPUNIT_ASSERT_EQUAL(runId, reopen.json()->getObject("data")->getValue<std::string>("id"));

        const std::string events = R"({"events":[{"event_type":"ToolCallStarted","payload":{"n":1}},)"
                                   R"({"event_type":"ToolCallCompleted","payload":{"n":2}}]})";
        const auto first = postWithKey("/v1/runs/" + runId + "/events", events, "batch-1");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.body, 200, first.status);
        const auto retry = postWithKey("/v1/runs/" + runId + "/events", events, "batch-1");
        CPPUNIT_ASSERT_EQUAL(200, retry.status);
        CPPUNIT_ASSERT_EQUAL(std::string("true"), retry.headers.get("Idempotency-Replayed"));
        CPPUNIT_ASSERT_EQUAL(first.json()->getObject("data")->getArray("event_ids")->getElement<std::string>(0),
                             retry.json()->getObject("data")->getArray("event_ids")->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), eventRows(runId)); // the retry wrote nothing
        const auto other = postWithKey("/v1/runs/" + runId + "/events",
                                       R"({"events":[{"event_type":"X","payload":{}}]})", "batch-1");
        CPPUNIT_ASSERT_EQUAL(409, other.status);
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency key reused with different payload"),
                             IdentityServer::errorMessage(other));

        const auto done = postWithKey("/v1/runs/" + runId + "/complete", "", "done-1");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(done.body, 200, done.status);
        const auto doneAgain = postWithKey("/v1/runs/" + runId + "/complete", "", "done-1");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(doneAgain.body, 200, doneAgain.status); // replayed, not "already completed"
        CPPUNIT_ASSERT_EQUAL(std::string("true"), doneAgain.headers.get("Idempotency-Replayed"));
    }

    void testRunShowsItsDecisions()
    {
        const auto traced = _server->call(
            "POST", "/v1/trace",
            R"({"agent_id":"alice","decision":{"decision_type":"deploy","outcome":"ship","confidence":0.7,)"
            R"("alternatives":[{"label":"wait"}],"evidence":[{"source_type":"document","content":"green CI"}]}})",
            _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(traced.body, 201, traced.status);
        const auto data = traced.json()->getObject("data");
        const auto reply = _server->call("GET", "/v1/runs/" + data->getValue<std::string>("run_id") +
                                                    "?min_visibility_token=" + data->getValue<std::string>("visibility_token"),
                                         {}, _admin);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        const auto decisions = reply.json()->getObject("data")->getArray("decisions");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, decisions->size());
        const auto decision = decisions->getObject(0);
        CPPUNIT_ASSERT_EQUAL(data->getValue<std::string>("decision_id"), decision->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, decision->getArray("alternatives")->size());
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, decision->getArray("evidence")->size());
        CPPUNIT_ASSERT(!reply.json()->getObject("data")->has("truncated"));
    }

    void setUp() override
    {
        _server = std::make_unique<IdentityServer>("runs_api");
        const std::string org = IdentityServer::kDefaultOrg;
        _server->insertAgent(org, "alice", "agent", "alice-key");
        _server->insertAgent(org, "bob", "agent", "bob-key");
        _server->insertAgent(org, "rita", "reader", "rita-key");
        const auto other = _server->insertOrg("Other", "other");
        _server->insertAgent(other, "eve", "admin", "eve-key");
        _alice = _server->bearer("alice", "alice-key");
        _bob = _server->bearer("bob", "bob-key");
        _reader = _server->bearer("rita", "rita-key");
        _eve = _server->bearer("eve", "eve-key");
        _admin = IdentityServer::admin();
    }

    void tearDown() override { _server.reset(); }

    void testRunLifecycle()
    {
        auto created = _server->call("POST", "/v1/runs", R"({"agent_id":"alice","trace_id":"t-1","metadata":{"a":1,"b":1}})", _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 201, created.status);
        auto run = created.json()->getObject("data");
        const auto runId = run->getValue<std::string>("id");
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), run->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string(IdentityServer::kDefaultOrg), run->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("t-1"), run->getValue<std::string>("trace_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("running"), run->getValue<std::string>("status"));
        CPPUNIT_ASSERT(run->isNull("parent_run_id") && run->isNull("completed_at"));
        CPPUNIT_ASSERT(run->has("started_at") && run->has("created_at"));
        CPPUNIT_ASSERT_EQUAL(created.headers.get("X-Akashi-Visibility-Token"), run->getValue<std::string>("visibility_token"));

        auto child = _server->call("POST", "/v1/runs", R"({"agent_id":"alice","parent_run_id":")" + runId + R"("})", _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(child.body, 201, child.status);
        CPPUNIT_ASSERT_EQUAL(runId, child.json()->getObject("data")->getValue<std::string>("parent_run_id"));

        auto appended = _server->call("POST", "/v1/runs/" + runId + "/events",
                                      R"({"events":[{"event_type":"ToolCallStarted","payload":{"tool":"grep"}},)"
                                      R"({"event_type":"ToolCallCompleted","occurred_at":"2020-01-02T03:04:05.25Z","payload":{}},)"
                                      R"({"event_type":"DecisionMade","payload":{"n":[1,2]}}]})",
                                      _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(appended.body, 200, appended.status);
        auto ack = appended.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(3, ack->getValue<int>("accepted"));
        CPPUNIT_ASSERT_EQUAL(std::string("persisted"), ack->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), ack->getArray("event_ids")->size());
        const auto token = ack->getValue<std::string>("visibility_token");
        // Acknowledged means committed: the rows are there, numbered in request order.
        auto rows = _server->sql().exec("SELECT id, sequence_num, agent_id FROM agent_events WHERE org_id = $1::uuid "
                                        "AND run_id = $2::uuid ORDER BY sequence_num",
                                        storage::SqlParams().add(IdentityServer::kDefaultOrg).add(runId));
        CPPUNIT_ASSERT_EQUAL(3, rows.rows());
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(ack->getArray("event_ids")->getElement<std::string>(static_cast<unsigned>(i)), rows.text(i, "id"));
        CPPUNIT_ASSERT(rows.int64(0, "sequence_num") < rows.int64(1, "sequence_num"));
        CPPUNIT_ASSERT(rows.int64(1, "sequence_num") < rows.int64(2, "sequence_num"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), rows.text(0, "agent_id"));

        auto read = _server->call("GET", "/v1/runs/" + runId + "?min_visibility_token=" + token, "", _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(read.body, 200, read.status);
        auto detail = read.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(runId, detail->getObject("run")->getValue<std::string>("id"));
        auto events = detail->getArray("events");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), events->size());
        CPPUNIT_ASSERT_EQUAL(std::string("ToolCallStarted"), events->getObject(0)->getValue<std::string>("event_type"));
        CPPUNIT_ASSERT_EQUAL(std::string("grep"), events->getObject(0)->getObject("payload")->getValue<std::string>("tool"));
        CPPUNIT_ASSERT_EQUAL(std::string("2020-01-02T03:04:05.25Z"), events->getObject(1)->getValue<std::string>("occurred_at"));
        CPPUNIT_ASSERT_EQUAL(runId, events->getObject(2)->getValue<std::string>("run_id"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), detail->getArray("decisions")->size());
        CPPUNIT_ASSERT(!detail->has("truncated") && !detail->has("truncated_events"));

        auto completed = _server->call("POST", "/v1/runs/" + runId + "/complete", R"({"metadata":{"b":2,"c":3}})", _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(completed.body, 200, completed.status);
        auto done = completed.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), done->getValue<std::string>("status"));
        CPPUNIT_ASSERT(!done->isNull("completed_at"));
        CPPUNIT_ASSERT(done->has("visibility_token"));
        auto metadata = done->getObject("metadata"); // merged, the new keys winning
        CPPUNIT_ASSERT_EQUAL(1, metadata->getValue<int>("a"));
        CPPUNIT_ASSERT_EQUAL(2, metadata->getValue<int>("b"));
        CPPUNIT_ASSERT_EQUAL(3, metadata->getValue<int>("c"));
        expectError("POST", "/v1/runs/" + runId + "/complete", "", _alice, 409, "run already completed");

        const auto failing = openRun("alice", _admin); // an admin may open a run for any agent of the org
        auto failed = _server->call("POST", "/v1/runs/" + failing + "/complete", R"({"status":"failed"})", _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.body, 200, failed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), failed.json()->getObject("data")->getValue<std::string>("status"));
        expectError("POST", "/v1/runs/" + failing + "/complete", R"({"status":""})", _alice, 409, "run already failed");
    }

    void testFireAndForgetAppend()
    {
        const auto runId = openRun("alice", _alice);
        Poco::Net::NameValueCollection headers;
        headers.set("Authorization", _alice);
        headers.set("Content-Type", "application/json");
        headers.set("Prefer", "respond-async");
        auto reply = HttpTestClient(_server->port())
                         .request("POST", "/v1/runs/" + runId + "/events",
                                  R"({"events":[{"event_type":"A","payload":{}},{"event_type":"B","payload":{}}]})", headers);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 202, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("buffered"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(2, data->getValue<int>("accepted"));
        CPPUNIT_ASSERT(!data->getValue<std::string>("message").empty());
        const auto token = data->getValue<std::string>("visibility_token");
        CPPUNIT_ASSERT(token.find(runId) != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(reply.headers.get("X-Akashi-Visibility-Token"), token);
        // The token makes the read wait until the buffered events are written.
        auto read = _server->call("GET", "/v1/runs/" + runId + "?min_visibility_token=" + token, "", _alice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(read.body, 200, read.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), read.json()->getObject("data")->getArray("events")->size());
    }

    void testValidation()
    {
        const auto runId = openRun("alice", _alice);
        const std::string events = "/v1/runs/" + runId + "/events";
        const std::string prefix = "invalid request body: ";
        std::string many = R"({"events":[)";
        for (int i = 0; i < 1001; ++i)
            many += std::string(i ? "," : "") + R"({"event_type":"x","payload":{}})";
        many += "]}";
        const std::vector<std::pair<std::string, std::string>> eventCases{
            {R"({})", R"(field "events" is required)"},
            {R"({"events":[]})", R"(field "events" must not be empty)"},
            {R"({"events":"x"})", R"(field "events" must be an array of objects)"},
            {many, R"(field "events" must have at most 1000 items)"},
            {R"({"events":[1]})", R"(field "events[0]" must be an object)"},
            {R"({"events":[{"payload":{}}]})", R"(field "events[0].event_type" is required)"},
            {R"({"events":[{"event_type":"","payload":{}}]})", R"(field "events[0].event_type" must not be empty)"},
            {R"({"events":[{"event_type":")" + std::string(201, 't') + R"(","payload":{}}]})",
             R"(field "events[0].event_type" must be at most 200 bytes)"},
            {R"({"events":[{"event_type":"x","payload":{}},{"event_type":"x"}]})", R"(field "events[1].payload" is required)"},
            {R"({"events":[{"event_type":"x","payload":[1]}]})", R"(field "events[0].payload" must be an object)"},
            {R"({"events":[{"event_type":"x","payload":{},"extra":1}]})", R"(unknown field "events[0].extra")"},
            {R"({"events":[{"event_type":"x","payload":{},"occurred_at":"yesterday"}]})",
             R"(field "events[0].occurred_at" must be an RFC 3339 timestamp)"},
            {R"({"events":[{"event_type":"x","payload":{"s":"a\u0000b"}}]})",
             R"(field "events[0].payload" contains a string that is not valid UTF-8 or contains a NUL character)"},
            {R"({"events":[{"event_type":"x","payload":{}}],"other":1})", R"(unknown field "other")"},
        };
        for (const auto& [body, message] : eventCases)
            expectError("POST", events, body, _alice, 400, prefix + message);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _server->sql().exec("SELECT count(*) AS n FROM agent_events").int64(0, "n"));

        const std::vector<std::pair<std::string, std::string>> runCases{
            {R"({})", R"(field "agent_id" is required)"},
            {R"({"agent_id":"alice","bogus":1})", R"(unknown field "bogus")"},
            {R"({"agent_id":"al ice"})", R"(field "agent_id" must be 1-255 characters of letters, digits, '.', '_', '@' or '-')"},
            {R"({"agent_id":"alice","parent_run_id":"nope"})", R"(field "parent_run_id" must be a UUID)"},
            {R"({"agent_id":"alice","parent_run_id":"6f1c1f4e-1d7e-4a53-9d1a-2b9a4f3c0e11"})",
             R"(field "parent_run_id" must name a run of the caller's org)"},
            {R"({"agent_id":"alice","metadata":"x"})", R"(field "metadata" must be an object)"},
        };
        for (const auto& [body, message] : runCases)
            expectError("POST", "/v1/runs", body, _alice, 400, prefix + message);
        expectError("POST", "/v1/runs", R"({"agent_id":"nobody"})", _admin, 400,
                    prefix + R"(field "agent_id" must name an agent of the caller's org)");
        expectError("POST", "/v1/runs/" + runId + "/complete", R"({"status":"done"})", _alice, 400,
                    prefix + R"(field "status" must be "completed" or "failed")");
        expectError("POST", "/v1/runs/" + runId + "/complete", R"({"state":"done"})", _alice, 400,
                    prefix + R"(unknown field "state")");
        expectError("GET", "/v1/runs/not-a-uuid", "", _alice, 400, "run_id must be a UUID");
        expectError("GET", "/v1/runs/" + runId + "?min_visibility_token=bogus", "", _alice, 400,
                    "invalid min_visibility_token: not a visibility token issued by this server");
    }

    void testOwnershipAndIsolation()
    {
        const auto runId = openRun("alice", _alice);
        const std::string event = R"({"events":[{"event_type":"x","payload":{}}]})";
        // Agents write only their own runs; readers write none.
        expectError("POST", "/v1/runs", R"({"agent_id":"alice"})", _bob, 403, "insufficient permissions");
        expectError("POST", "/v1/runs", R"({"agent_id":"rita"})", _reader, 403, "insufficient permissions");
        expectError("POST", "/v1/runs/" + runId + "/events", event, _bob, 403, "insufficient permissions");
        expectError("POST", "/v1/runs/" + runId + "/complete", "", _bob, 403, "insufficient permissions");
        // Reads follow visibility: bob sees neither tag nor grant of alice; an admin sees the whole org.
        expectError("GET", "/v1/runs/" + runId, "", _bob, 403, "insufficient permissions");
        expectError("GET", "/v1/runs/" + runId, "", _reader, 403, "insufficient permissions");
        CPPUNIT_ASSERT_EQUAL(200, _server->call("GET", "/v1/runs/" + runId, "", _admin).status);
        CPPUNIT_ASSERT_EQUAL(200, _server->call("POST", "/v1/runs/" + runId + "/events", event, _admin).status);
        // Unknown runs and other orgs' runs are simply not found, even for that org's admin.
        const std::string unknown = "/v1/runs/6f1c1f4e-1d7e-4a53-9d1a-2b9a4f3c0e11";
        expectError("GET", unknown, "", _alice, 404, "run not found");
        expectError("POST", unknown + "/events", event, _alice, 404, "run not found");
        expectError("POST", unknown + "/complete", "", _alice, 404, "run not found");
        expectError("GET", "/v1/runs/" + runId, "", _eve, 404, "run not found");
        expectError("POST", "/v1/runs/" + runId + "/events", event, _eve, 404, "run not found");
        expectError("POST", "/v1/runs/" + runId + "/complete", "", _eve, 404, "run not found");
        expectError("POST", "/v1/runs", R"({"agent_id":"alice"})", _eve, 400,
                    R"(invalid request body: field "agent_id" must name an agent of the caller's org)");
        expectError("POST", "/v1/runs", R"({"agent_id":"eve","parent_run_id":")" + runId + R"("})", _eve, 400,
                    R"(invalid request body: field "parent_run_id" must name a run of the caller's org)");
        CPPUNIT_ASSERT_EQUAL(std::string("running"),
                             _server->sql().exec("SELECT status FROM agent_runs WHERE id = $1::uuid",
                                                 storage::SqlParams().add(runId)).text(0, "status"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RunsApiTest);
} // namespace akashi::test
