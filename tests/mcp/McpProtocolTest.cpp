#include "api/IdentityServer.h"
#include "mcp/McpTestClient.h"
#include "support/SseTestClient.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// The streamable HTTP transport end to end against the real server: auth gate, /mcp/info, initialize
/// and version negotiation, sessions (missing, unknown, foreign, deleted), Accept, MCP-Protocol-Version,
/// Origin, JSON-RPC errors, batches, SSE-framed answers, GET /mcp.
class McpProtocolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(McpProtocolTest);
    CPPUNIT_TEST(testAuthAndInfo);
    CPPUNIT_TEST(testInitializeAndSessions);
    CPPUNIT_TEST(testHeadersAndOrigin);
    CPPUNIT_TEST(testJsonRpcErrorsAndBatches);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kAllowedOrigin = "https://app.example";

    static ServerProcess::Env env()
    {
        return {{"AKASHI_CORS_ALLOWED_ORIGINS", kAllowedOrigin}, {"AKASHI_SSE_KEEPALIVE_INTERVAL", "200ms"}};
    }

    static int errorCode(const HttpReply& reply)
    {
        return McpTestClient::parse(reply.body)->getObject("error")->getValue<int>("code");
    }

    static std::string errorText(const HttpReply& reply)
    {
        return McpTestClient::parse(reply.body)->getObject("error")->getValue<std::string>("message");
    }

public:
    void testAuthAndInfo()
    {
        IdentityServer srv("mcp_auth", env());
        const auto info = HttpTestClient(srv.port()).get("/mcp/info");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(info.body, 200, info.status);
        const auto data = info.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("streamable-http"), data->getValue<std::string>("transport"));
        CPPUNIT_ASSERT(!data->getValue<std::string>("version").empty());
        const auto auth = data->getObject("auth");
        CPPUNIT_ASSERT_EQUAL(std::string("ApiKey"), auth->getValue<std::string>("preferred"));
        CPPUNIT_ASSERT_EQUAL(std::string("ApiKey"), auth->getArray("schemes")->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(std::string("Bearer"), auth->getArray("schemes")->getElement<std::string>(1));
        CPPUNIT_ASSERT(!auth->getValue<std::string>("note").empty());

        const std::string init = McpTestClient::message("initialize", "{\"protocolVersion\":\"2025-11-25\"}");
        auto reply = McpTestClient(srv.port(), "").post(init);
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("missing authorization header"), IdentityServer::errorMessage(reply));
        reply = McpTestClient(srv.port(), "ApiKey admin:wrong").post(init);
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid api key"), IdentityServer::errorMessage(reply));
        reply = McpTestClient(srv.port(), "Basic abc").post(init);
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("unsupported authorization scheme (use Bearer or ApiKey)"),
                             IdentityServer::errorMessage(reply));
        reply = McpTestClient(srv.port(), "").send("DELETE");
        CPPUNIT_ASSERT_EQUAL(401, reply.status);

        // A Bearer token works as well as an API key.
        McpTestClient bearer(srv.port(), srv.bearer("admin", IdentityServer::kAdminKey));
        bearer.initialize();
        const auto pong = bearer.request("ping");
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pong->getObject("result")->size());
    }

    void testInitializeAndSessions()
    {
        IdentityServer srv("mcp_sessions", env());
        McpTestClient client(srv.port(), IdentityServer::admin());
        const auto response = client.initialize();
        const auto result = response->getObject("result");
        CPPUNIT_ASSERT_EQUAL(std::string("2025-11-25"), result->getValue<std::string>("protocolVersion"));
        CPPUNIT_ASSERT_EQUAL(std::string("akashi"), result->getObject("serverInfo")->getValue<std::string>("name"));
        CPPUNIT_ASSERT(result->getObject("capabilities")->has("tools"));
        CPPUNIT_ASSERT(result->getObject("capabilities")->has("prompts"));
        CPPUNIT_ASSERT(result->getObject("capabilities")->getObject("resources")->getValue<bool>("subscribe"));
        const auto instructions = result->getValue<std::string>("instructions");
        CPPUNIT_ASSERT(instructions.find("akashi_check") != std::string::npos);
        CPPUNIT_ASSERT(instructions.find("akashi_trace") != std::string::npos);
        const auto& id = client.sessionId();
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), id.size());
        CPPUNIT_ASSERT(id.find_first_not_of("0123456789abcdef") == std::string::npos);

        // Older supported versions are echoed; an unknown one gets the latest.
        McpTestClient older(srv.port(), IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(std::string("2025-06-18"),
                             older.initialize("2025-06-18")->getObject("result")->getValue<std::string>("protocolVersion"));
        CPPUNIT_ASSERT(older.sessionId() != id);
        McpTestClient unknown(srv.port(), IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(std::string("2025-11-25"),
                             unknown.initialize("1999-01-01")->getObject("result")->getValue<std::string>("protocolVersion"));

        const std::string ping = McpTestClient::message("ping", "{}", 7);
        auto reply = client.post(ping);
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(7, McpTestClient::parse(reply.body)->getValue<int>("id"));
        CPPUNIT_ASSERT(reply.headers.get("Content-Type").find("application/json") == 0);

        reply = client.post(ping, {{"Mcp-Session-Id", ""}});
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("missing Mcp-Session-Id header: send initialize first"), errorText(reply));
        reply = client.post(ping, {{"Mcp-Session-Id", std::string(64, 'a')}});
        CPPUNIT_ASSERT_EQUAL(404, reply.status);
        CPPUNIT_ASSERT_EQUAL(-32001, errorCode(reply));

        // Another principal cannot use the session, even with its id.
        srv.insertAgent(IdentityServer::kDefaultOrg, "mallory", "admin", "mallory-key");
        McpTestClient thief(srv.port(), "ApiKey mallory:mallory-key");
        thief.setSessionId(client.sessionId());
        CPPUNIT_ASSERT_EQUAL(404, thief.post(ping).status);
        CPPUNIT_ASSERT_EQUAL(404, thief.send("DELETE").status);
        CPPUNIT_ASSERT_EQUAL(200, client.post(ping).status);

        // DELETE ends it; then the id is unknown.
        reply = client.send("DELETE");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 204, reply.status);
        reply = client.post(ping);
        CPPUNIT_ASSERT_EQUAL(404, reply.status);
        CPPUNIT_ASSERT_EQUAL(404, client.send("DELETE").status);
        CPPUNIT_ASSERT_EQUAL(400, client.send("DELETE", "", {{"Mcp-Session-Id", ""}}).status);

        // GET opens the session's server-to-client stream, held by the SSE broker: keepalives arrive while
        // ordinary requests are still served.
        Poco::Net::NameValueCollection streamHeaders;
        streamHeaders.add("Authorization", IdentityServer::admin());
        streamHeaders.add("Mcp-Session-Id", older.sessionId());
        SseTestClient stream(srv.port(), "/mcp", streamHeaders);
        CPPUNIT_ASSERT_EQUAL(200, stream.status());
        CPPUNIT_ASSERT_EQUAL(std::string("text/event-stream"), stream.headers().get("Content-Type"));
        CPPUNIT_ASSERT(!stream.next(std::chrono::milliseconds(700)));
        CPPUNIT_ASSERT(stream.comments() >= 1);
        CPPUNIT_ASSERT_EQUAL(200, older.post(ping).status);
        // Without the session, or with the client's own DELETEd one: refused like POST.
        streamHeaders.set("Mcp-Session-Id", client.sessionId());
        CPPUNIT_ASSERT_EQUAL(404, SseTestClient(srv.port(), "/mcp", streamHeaders).status());
        streamHeaders.erase("Mcp-Session-Id");
        CPPUNIT_ASSERT_EQUAL(400, SseTestClient(srv.port(), "/mcp", streamHeaders).status());
        reply = older.send("GET", "", {{"Accept", "application/json"}});
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
    }

    void testHeadersAndOrigin()
    {
        IdentityServer srv("mcp_headers", env());
        McpTestClient client(srv.port(), IdentityServer::admin());
        client.initialize();
        const std::string ping = McpTestClient::message("ping", "{}", 3);

        auto reply = client.post(ping, {{"Accept", "application/json"}});
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the Accept header must list both application/json and text/event-stream"),
                             errorText(reply));
        CPPUNIT_ASSERT_EQUAL(400, client.post(ping, {{"Accept", "text/event-stream"}}).status);
        CPPUNIT_ASSERT_EQUAL(400, client.post(ping, {{"Accept", ""}}).status);
        CPPUNIT_ASSERT_EQUAL(200, client.post(ping, {{"Accept", "*/*"}}).status);

        // A client preferring the event stream gets the response as one SSE message, then the end.
        reply = client.post(ping, {{"Accept", "text/event-stream, application/json;q=0.9"}});
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT(reply.headers.get("Content-Type").find("text/event-stream") == 0);
        const std::string prefix = "event: message\ndata: ";
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, std::size_t(0), reply.body.find(prefix));
        CPPUNIT_ASSERT_EQUAL(std::string("\n\n"), reply.body.substr(reply.body.size() - 2));
        const auto framed = McpTestClient::parse(reply.body.substr(prefix.size(), reply.body.size() - prefix.size() - 2));
        CPPUNIT_ASSERT_EQUAL(3, framed->getValue<int>("id"));

        reply = client.post(ping, {{"MCP-Protocol-Version", "2024-01-01"}});
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT(errorText(reply).find("unsupported MCP-Protocol-Version \"2024-01-01\"") == 0);
        reply = client.post(ping, {{"MCP-Protocol-Version", "2025-06-18"}});
        CPPUNIT_ASSERT_EQUAL(400, reply.status); // supported, but not this session's
        CPPUNIT_ASSERT_EQUAL(200, client.post(ping, {{"MCP-Protocol-Version", ""}}).status);

        // Origin: a listed origin passes (and may read the session header), as does a localhost origin
        // since the test server listens on 127.0.0.1 only; any other is refused.
        reply = client.post(ping, {{"Origin", kAllowedOrigin}});
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT(reply.headers.get("Access-Control-Expose-Headers").find("Mcp-Session-Id") != std::string::npos);
        reply = client.post(ping, {{"Origin", "https://evil.example"}});
        CPPUNIT_ASSERT_EQUAL(403, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("origin not allowed: https://evil.example"), errorText(reply));
        CPPUNIT_ASSERT_EQUAL(200, client.post(ping, {{"Origin", "http://localhost:3000"}}).status);
        CPPUNIT_ASSERT_EQUAL(403, client.post(ping, {{"Origin", "http://localhost.evil.example"}}).status);
        CPPUNIT_ASSERT_EQUAL(403, client.send("DELETE", "", {{"Origin", "https://evil.example"}}).status);
        CPPUNIT_ASSERT_EQUAL(200, client.post(ping).status); // the refused DELETE ended nothing
    }

    void testJsonRpcErrorsAndBatches()
    {
        IdentityServer srv("mcp_jsonrpc", env());
        McpTestClient client(srv.port(), IdentityServer::admin());
        client.initialize();

        auto reply = client.post("{not json");
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT_EQUAL(-32700, errorCode(reply));
        CPPUNIT_ASSERT(McpTestClient::parse(reply.body)->isNull("id"));
        reply = client.post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}");
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT_EQUAL(-32600, errorCode(reply));
        reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}");
        CPPUNIT_ASSERT_EQUAL(-32600, errorCode(reply));
        reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}");
        CPPUNIT_ASSERT_EQUAL(-32600, errorCode(reply));

        auto response = client.request("no/such/method");
        CPPUNIT_ASSERT_EQUAL(-32601, response->getObject("error")->getValue<int>("code"));
        response = client.request("tools/call", McpTestClient::parse("{\"name\":\"akashi_nothing\"}"));
        CPPUNIT_ASSERT_EQUAL(-32602, response->getObject("error")->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown tool: akashi_nothing"),
                             response->getObject("error")->getValue<std::string>("message"));
        response = client.request("tools/call", McpTestClient::parse("{\"arguments\":{}}"));
        CPPUNIT_ASSERT_EQUAL(-32602, response->getObject("error")->getValue<int>("code"));
        // A string id is echoed as a string.
        reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"ping\"}");
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), McpTestClient::parse(reply.body)->getValue<std::string>("id"));
        // A response from the client (to nothing) is accepted like a notification.
        reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}");
        CPPUNIT_ASSERT_EQUAL(202, reply.status);

        const std::string batch = "[" + McpTestClient::message("ping", "{}", 1) + "," +
                                  McpTestClient::message("tools/list", "{}", 2) +
                                  ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}]";
        reply = client.post(batch);
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("JSON-RPC batches are not part of protocol version 2025-11-25"), errorText(reply));

        McpTestClient old(srv.port(), IdentityServer::admin());
        old.initialize("2025-03-26");
        reply = old.post(batch);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        const auto parsed = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Array::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parsed->size());
        CPPUNIT_ASSERT_EQUAL(2, parsed->getObject(1)->getValue<int>("id"));
        CPPUNIT_ASSERT(parsed->getObject(1)->getObject("result")->has("tools"));
        CPPUNIT_ASSERT_EQUAL(202, old.post("[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}]").status);
        CPPUNIT_ASSERT_EQUAL(400, old.post("[]").status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(McpProtocolTest);
} // namespace akashi::test
