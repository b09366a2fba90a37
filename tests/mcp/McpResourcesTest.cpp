#include "api/DecisionFixtures.h"
#include "api/IdentityServer.h"
#include "mcp/McpTestClient.h"
#include "support/SseTestClient.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// MCP resources (list, templates, read of all three, not found, forbidden, org isolation) and prompts
/// (list, get each, missing or unknown argument, unknown prompt).
class McpResourcesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(McpResourcesTest);
    CPPUNIT_TEST(testResources);
    CPPUNIT_TEST(testSubscriptionUpdatesOnTheGetStream);
    CPPUNIT_TEST(testPrompts);
    CPPUNIT_TEST_SUITE_END();

    static Poco::JSON::Object::Ptr read(McpTestClient& client, const std::string& uri)
    {
        return client.request("resources/read", McpTestClient::parse("{\"uri\":\"" + uri + "\"}"));
    }

    /// The JSON document of a successful read.
    static Poco::JSON::Object::Ptr document(McpTestClient& client, const std::string& uri)
    {
        const auto response = read(client, uri);
        CPPUNIT_ASSERT_MESSAGE(uri, response->has("result"));
        const auto content = response->getObject("result")->getArray("contents")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(uri, content->getValue<std::string>("uri"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), content->getValue<std::string>("mimeType"));
        return McpTestClient::parse(content->getValue<std::string>("text"));
    }

    static Poco::JSON::Object::Ptr prompt(McpTestClient& client, const std::string& name, const std::string& arguments)
    {
        return client.request("prompts/get", McpTestClient::parse("{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}"));
    }

    static Poco::JSON::Object::Ptr subscribe(McpTestClient& client, const std::string& uri, bool on = true)
    {
        return client.request(on ? "resources/subscribe" : "resources/unsubscribe",
                              McpTestClient::parse("{\"uri\":\"" + uri + "\"}"));
    }

    static std::string trace(IdentityServer& srv, const std::string& agent, const std::string& key)
    {
        const auto reply = srv.call("POST", "/v1/trace",
                                    R"({"agent_id":")" + agent +
                                        R"(","decision":{"decision_type":"architecture","outcome":"o","confidence":0.5}})",
                                    "ApiKey " + agent + ":" + key);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("decision_id");
    }

    /// The URIs of the resources/updated notifications that arrive within `timeout`.
    static std::vector<std::string> updates(SseTestClient& stream, std::chrono::milliseconds timeout)
    {
        std::vector<std::string> uris;
        while (auto event = stream.next(timeout))
        {
            const auto message = McpTestClient::parse(event->data);
            CPPUNIT_ASSERT_EQUAL(std::string("notifications/resources/updated"), message->getValue<std::string>("method"));
            uris.push_back(message->getObject("params")->getValue<std::string>("uri"));
        }
        return uris;
    }

public:
    void testSubscriptionUpdatesOnTheGetStream()
    {
        IdentityServer srv("mcp_subscriptions");
        const std::string org = IdentityServer::kDefaultOrg;
        srv.insertAgent(org, "alice", "agent", "alice-key");
        srv.insertAgent(org, "bob", "agent", "bob-key");
        McpTestClient alice(srv.port(), "ApiKey alice:alice-key");
        const auto init = alice.initialize();
        CPPUNIT_ASSERT(init->getObject("result")->getObject("capabilities")->getObject("resources")->getValue<bool>("subscribe"));

        CPPUNIT_ASSERT(subscribe(alice, "akashi://decisions/recent")->has("result"));
        CPPUNIT_ASSERT(subscribe(alice, "akashi://agent/alice/history")->has("result"));
        // What cannot change, does not exist or may not be read cannot be subscribed to.
        CPPUNIT_ASSERT_EQUAL(-32602, subscribe(alice, "akashi://session/current")->getObject("error")->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(-32002, subscribe(alice, "akashi://nothing")->getObject("error")->getValue<int>("code"));
        CPPUNIT_ASSERT(subscribe(alice, "akashi://agent/bob/history")->has("error"));

        Poco::Net::NameValueCollection headers;
        headers.add("Authorization", "ApiKey alice:alice-key");
        headers.add("Mcp-Session-Id", alice.sessionId());
        SseTestClient stream(srv.port(), "/mcp", headers);
        CPPUNIT_ASSERT_EQUAL(200, stream.status());

        // Her own decision changes both subscribed resources; bob's is not visible to her: nothing.
        trace(srv, "alice", "alice-key");
        CPPUNIT_ASSERT((updates(stream, std::chrono::milliseconds(2000)) ==
                        std::vector<std::string>{"akashi://decisions/recent", "akashi://agent/alice/history"}));
        trace(srv, "bob", "bob-key");
        CPPUNIT_ASSERT(updates(stream, std::chrono::milliseconds(1000)).empty());

        // Unsubscribed from the list: only the history remains.
        CPPUNIT_ASSERT(subscribe(alice, "akashi://decisions/recent", false)->has("result"));
        trace(srv, "alice", "alice-key");
        CPPUNIT_ASSERT((updates(stream, std::chrono::milliseconds(2000)) ==
                        std::vector<std::string>{"akashi://agent/alice/history"}));
    }

    void testResources()
    {
        IdentityServer srv("mcp_resources");
        const std::string org = IdentityServer::kDefaultOrg;
        srv.insertAgent(org, "alice", "agent", "alice-key");
        srv.insertAgent(org, "bob", "agent", "bob-key");
        const auto other = srv.insertOrg("Other", "other");
        srv.insertAgent(other, "olga", "admin", "olga-key");
        DecisionFixtures fx(srv.sql());
        DecisionSpec spec;
        spec.agentId = "alice";
        const auto aliceDecision = fx.insertDecision(spec);

        McpTestClient alice(srv.port(), "ApiKey alice:alice-key");
        alice.initialize("2025-06-18");
        const auto listed = alice.request("resources/list")->getObject("result")->getArray("resources");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listed->size());
        CPPUNIT_ASSERT_EQUAL(std::string("akashi://session/current"), listed->getObject(0)->getValue<std::string>("uri"));
        CPPUNIT_ASSERT_EQUAL(std::string("akashi://decisions/recent"), listed->getObject(1)->getValue<std::string>("uri"));
        const auto templates = alice.request("resources/templates/list")->getObject("result")->getArray("resourceTemplates");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), templates->size());
        CPPUNIT_ASSERT_EQUAL(std::string("akashi://agent/{id}/history"),
                             templates->getObject(0)->getValue<std::string>("uriTemplate"));

        const auto session = document(alice, "akashi://session/current");
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), session->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(org, session->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent"), session->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(alice.sessionId(), session->getValue<std::string>("session_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-06-18"), session->getValue<std::string>("protocol_version"));

        const auto recent = document(alice, "akashi://decisions/recent")->getArray("decisions");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), recent->size());
        CPPUNIT_ASSERT_EQUAL(aliceDecision, recent->getObject(0)->getValue<std::string>("id"));
        const auto history = document(alice, "akashi://agent/alice/history");
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), history->getValue<std::string>("agent_id"));
        CPPUNIT_ASSERT_EQUAL(1, history->getValue<int>("total"));

        auto response = read(alice, "akashi://agent/bob/history");
        CPPUNIT_ASSERT_EQUAL(-32602, response->getObject("error")->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"),
                             response->getObject("error")->getValue<std::string>("message"));
        for (const std::string uri : {"akashi://nothing", "akashi://agent//history", "akashi://agent/a%20b/history",
                                      "file:///etc/passwd"})
        {
            response = read(alice, uri);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(uri, -32002, response->getObject("error")->getValue<int>("code"));
            CPPUNIT_ASSERT_EQUAL(uri, response->getObject("error")->getObject("data")->getValue<std::string>("uri"));
        }
        response = alice.request("resources/read", McpTestClient::parse("{}"));
        CPPUNIT_ASSERT_EQUAL(-32602, response->getObject("error")->getValue<int>("code"));

        // Another org's admin: nothing of this org.
        McpTestClient olga(srv.port(), "ApiKey olga:olga-key");
        olga.initialize();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), document(olga, "akashi://decisions/recent")->getArray("decisions")->size());
        CPPUNIT_ASSERT_EQUAL(0, document(olga, "akashi://agent/alice/history")->getValue<int>("total"));
    }

    void testPrompts()
    {
        IdentityServer srv("mcp_prompts");
        McpTestClient client(srv.port(), std::string("ApiKey admin:") + IdentityServer::kAdminKey);
        client.initialize();
        const auto prompts = client.request("prompts/list")->getObject("result")->getArray("prompts");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), prompts->size());
        CPPUNIT_ASSERT_EQUAL(std::string("before-decision"), prompts->getObject(0)->getValue<std::string>("name"));
        CPPUNIT_ASSERT(prompts->getObject(0)->getArray("arguments")->getObject(0)->getValue<bool>("required"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), prompts->getObject(1)->getArray("arguments")->size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), prompts->getObject(2)->getArray("arguments")->size());

        auto text = [](const Poco::JSON::Object::Ptr& response) {
            const auto message = response->getObject("result")->getArray("messages")->getObject(0);
            CPPUNIT_ASSERT_EQUAL(std::string("user"), message->getValue<std::string>("role"));
            return message->getObject("content")->getValue<std::string>("text");
        };
        auto before = text(prompt(client, "before-decision", R"({"decision_type":"security"})"));
        CPPUNIT_ASSERT(before.find("akashi_check") != std::string::npos);
        CPPUNIT_ASSERT(before.find("\"security\"") != std::string::npos);
        auto after = text(prompt(client, "after-decision", R"({"decision_type":"security","outcome":"rotate keys"})"));
        CPPUNIT_ASSERT(after.find("akashi_trace") != std::string::npos);
        CPPUNIT_ASSERT(after.find("rotate keys") != std::string::npos);
        CPPUNIT_ASSERT(text(prompt(client, "agent-setup", "{}")).find("akashi_assess") != std::string::npos);

        auto error = prompt(client, "after-decision", R"({"decision_type":"security"})")->getObject("error");
        CPPUNIT_ASSERT_EQUAL(-32602, error->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("missing required argument \"outcome\""), error->getValue<std::string>("message"));
        error = prompt(client, "before-decision", "{}")->getObject("error");
        CPPUNIT_ASSERT_EQUAL(-32602, error->getValue<int>("code"));
        error = prompt(client, "agent-setup", R"({"x":"y"})")->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("prompt agent-setup has no argument \"x\""), error->getValue<std::string>("message"));
        error = prompt(client, "before-decision", R"({"decision_type":3})")->getObject("error");
        CPPUNIT_ASSERT_EQUAL(-32602, error->getValue<int>("code"));
        error = prompt(client, "no-such-prompt", "{}")->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("unknown prompt: no-such-prompt"), error->getValue<std::string>("message"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(McpResourcesTest);
} // namespace akashi::test
