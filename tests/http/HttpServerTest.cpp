#include "api/HealthHandler.h"
#include "common/Exception.h"
#include "http/HttpServer.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "support/HttpTestClient.h"

#include <Poco/RegularExpression.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <future>
#include <thread>

namespace akashi::http
{
namespace
{
/// Echoes the JSON body back as `data`.
class EchoHandler final : public RouteHandler
{
public:
    void handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) override
    {
        auto body = RequestBody::readJsonObject(request, context.maxBodyBytes());
        body->set("route", context.routeTemplate());
        body->set("id", context.pathParam("id"));
        ResponseWriter::writeData(response, context, 200, body);
    }
};

class ThrowingHandler final : public RouteHandler
{
public:
    void handle(RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&) override
    {
        throw std::runtime_error("secret internal detail");
    }
};

class SlowHandler final : public RouteHandler
{
public:
    void handle(RequestContext& context, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        ResponseWriter::writeData(response, context, 200, std::string("done"));
    }
};
} // namespace

class HttpServerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HttpServerTest);
    CPPUNIT_TEST(testHealthHealthyEnvelope);
    CPPUNIT_TEST(testHealthUnhealthyIs503);
    CPPUNIT_TEST(testHealthReportsTheEventBuffer);
    CPPUNIT_TEST(testRequestIdEchoedOrGenerated);
    CPPUNIT_TEST(testSecurityHeaders);
    CPPUNIT_TEST(testUnknownRouteIs404);
    CPPUNIT_TEST(testWrongMethodIs405WithAllow);
    CPPUNIT_TEST(testOversizeBodyIs413);
    CPPUNIT_TEST(testMalformedJsonIs400);
    CPPUNIT_TEST(testPathParamsReachHandler);
    CPPUNIT_TEST(testUnexpectedErrorIsGeneric500);
    CPPUNIT_TEST(testCorsPreflightAndOrigins);
    CPPUNIT_TEST(testStopDrainsInFlightRequest);
    CPPUNIT_TEST(testBindFailureNamesAddress);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _healthy = true;
        auto table = std::make_shared<DispatchTable>();
        table->maxBodyBytes = 64;
        table->securityHeaders = SecurityHeaders({"https://ui.example"});
        table->router.add("GET", "/health",
                          std::make_shared<api::HealthHandler>(
                              [this] { return _healthy.load(); }, std::chrono::steady_clock::now(),
                              api::HealthHandler::Buffer{[this] { return _bufferDepth.load(); }, 100}));
        table->router.add("POST", "/echo/{id}", std::make_shared<EchoHandler>());
        table->router.add("GET", "/boom", std::make_shared<ThrowingHandler>());
        table->router.add("GET", "/slow", std::make_shared<SlowHandler>());
        HttpSettings settings;
        settings.address = "127.0.0.1";
        settings.port = 0;
        _server = std::make_unique<HttpServer>(settings, table);
        _server->start();
    }

    void tearDown() override { _server.reset(); }

    void testHealthHealthyEnvelope()
    {
        auto reply = client().get("/health");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.get("Content-Type"));
        auto json = reply.json();
        auto data = json->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("healthy"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("connected"), data->getValue<std::string>("postgres"));
        CPPUNIT_ASSERT(data->has("version"));
        CPPUNIT_ASSERT(data->getValue<int>("uptime_seconds") >= 0);
        auto meta = json->getObject("meta");
        CPPUNIT_ASSERT_EQUAL(reply.headers.get("X-Request-ID"), meta->getValue<std::string>("request_id"));
        Poco::RegularExpression rfc3339("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");
        CPPUNIT_ASSERT(rfc3339.match(meta->getValue<std::string>("timestamp")));
    }

    void testHealthUnhealthyIs503()
    {
        _healthy = false;
        auto reply = client().get("/health");
        CPPUNIT_ASSERT_EQUAL(503, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("unhealthy"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("disconnected"), data->getValue<std::string>("postgres"));
    }

    void testHealthReportsTheEventBuffer()
    {
        const struct
        {
            std::size_t depth;
            const char* bufferStatus;
            const char* status;
        } cases[] = {{0, "ok", "healthy"}, {50, "ok", "healthy"}, {51, "high", "healthy"},
                     {75, "high", "healthy"}, {76, "critical", "degraded"}};
        for (const auto& c : cases)
        {
            _bufferDepth = c.depth;
            auto reply = client().get("/health");
            CPPUNIT_ASSERT_EQUAL(200, reply.status); // only PostgreSQL being down makes it 503
            auto data = reply.json()->getObject("data");
            CPPUNIT_ASSERT_EQUAL(static_cast<int>(c.depth), data->getValue<int>("buffer_depth"));
            CPPUNIT_ASSERT_EQUAL(std::string(c.bufferStatus), data->getValue<std::string>("buffer_status"));
            CPPUNIT_ASSERT_EQUAL(std::string(c.status), data->getValue<std::string>("status"));
        }
    }

    void testRequestIdEchoedOrGenerated()
    {
        Poco::Net::NameValueCollection headers;
        headers.set("X-Request-ID", "client-id-1");
        CPPUNIT_ASSERT_EQUAL(std::string("client-id-1"),
                             client().request("GET", "/health", "", headers).headers.get("X-Request-ID"));
        headers.set("X-Request-ID", std::string(200, 'x'));
        const auto generated = client().request("GET", "/health", "", headers).headers.get("X-Request-ID");
        CPPUNIT_ASSERT_EQUAL(std::size_t(36), generated.size());
    }

    void testSecurityHeaders()
    {
        auto reply = client().get("/nope");
        CPPUNIT_ASSERT_EQUAL(std::string("nosniff"), reply.headers.get("X-Content-Type-Options"));
        CPPUNIT_ASSERT_EQUAL(std::string("DENY"), reply.headers.get("X-Frame-Options"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), reply.headers.get("Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("strict-origin-when-cross-origin"), reply.headers.get("Referrer-Policy"));
        CPPUNIT_ASSERT_EQUAL(std::string("max-age=63072000; includeSubDomains"),
                             reply.headers.get("Strict-Transport-Security"));
        CPPUNIT_ASSERT(reply.headers.get("Content-Security-Policy").find("default-src 'self'") == 0);
        CPPUNIT_ASSERT(reply.headers.has("Permissions-Policy"));
    }

    void testUnknownRouteIs404()
    {
        assertError(client().get("/nope"), 404, "NOT_FOUND", "no route for GET /nope");
    }

    void testWrongMethodIs405WithAllow()
    {
        auto reply = client().request("DELETE", "/health");
        assertError(reply, 405, "METHOD_NOT_ALLOWED", "method DELETE is not allowed on /health");
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), reply.headers.get("Allow"));
    }

    void testOversizeBodyIs413()
    {
        const std::string big = "{\"pad\":\"" + std::string(100, 'x') + "\"}";
        assertError(client().post("/echo/1", big), 413, "PAYLOAD_TOO_LARGE",
                    "request body exceeds the limit of 64 bytes");
        // The server is still healthy for the next connection.
        CPPUNIT_ASSERT_EQUAL(200, client().get("/health").status);
    }

    void testMalformedJsonIs400()
    {
        auto reply = client().post("/echo/1", "{\"a\":");
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        auto error = reply.json()->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("INVALID_INPUT"), error->getValue<std::string>("code"));
        CPPUNIT_ASSERT(error->getValue<std::string>("message").find("invalid JSON in request body: ") == 0);
        assertError(client().post("/echo/1", ""), 400, "INVALID_INPUT", "request body is required");
    }

    void testPathParamsReachHandler()
    {
        auto reply = client().post("/echo/run-7", "{\"k\":\"v\"}");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("run-7"), data->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/{id}"), data->getValue<std::string>("route"));
        CPPUNIT_ASSERT_EQUAL(std::string("v"), data->getValue<std::string>("k"));
    }

    void testUnexpectedErrorIsGeneric500()
    {
        auto reply = client().get("/boom");
        assertError(reply, 500, "INTERNAL_ERROR", "internal server error");
        CPPUNIT_ASSERT(reply.body.find("secret internal detail") == std::string::npos);
    }

    void testCorsPreflightAndOrigins()
    {
        Poco::Net::NameValueCollection headers;
        headers.set("Origin", "https://ui.example");
        auto allowed = client().request("OPTIONS", "/v1/anything", "", headers);
        CPPUNIT_ASSERT_EQUAL(204, allowed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("https://ui.example"), allowed.headers.get("Access-Control-Allow-Origin"));
        CPPUNIT_ASSERT_EQUAL(std::string("86400"), allowed.headers.get("Access-Control-Max-Age"));
        // Browsers may send what the SSE and MCP clients need.
        const auto allowedHeaders = allowed.headers.get("Access-Control-Allow-Headers");
        for (const std::string name : {"Authorization", "Idempotency-Key", "Last-Event-ID", "Mcp-Session-Id", "MCP-Protocol-Version"})
            CPPUNIT_ASSERT_MESSAGE(name, allowedHeaders.find(name) != std::string::npos);
        headers.set("Origin", "https://evil.example");
        auto refused = client().request("GET", "/health", "", headers);
        CPPUNIT_ASSERT(!refused.headers.has("Access-Control-Allow-Origin"));
    }

    void testStopDrainsInFlightRequest()
    {
        auto port = _server->port();
        auto inFlight = std::async(std::launch::async, [port] { return test::HttpTestClient(port).get("/slow"); });
        while (_server->activeConnections() == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        CPPUNIT_ASSERT(_server->stop(std::chrono::seconds(5)));
        CPPUNIT_ASSERT_EQUAL(200, inFlight.get().status);
        CPPUNIT_ASSERT_THROW(test::HttpTestClient(port).get("/health"), Poco::Exception);
    }

    void testBindFailureNamesAddress()
    {
        HttpSettings settings;
        settings.address = "127.0.0.1";
        settings.port = _server->port();
        HttpServer second(settings, std::make_shared<DispatchTable>());
        try
        {
            second.start();
            CPPUNIT_FAIL("bound a port already in use");
        }
        catch (const Exception& e)
        {
            CPPUNIT_ASSERT_EQUAL("cannot listen on 127.0.0.1:" + std::to_string(_server->port()), e.message());
        }
    }

private:
    test::HttpTestClient client() { return test::HttpTestClient(_server->port()); }

    static void assertError(const test::HttpReply& reply, int status, const std::string& code, const std::string& message)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, status, reply.status);
        auto json = reply.json();
        auto error = json->getObject("error");
        CPPUNIT_ASSERT_EQUAL(code, error->getValue<std::string>("code"));
        CPPUNIT_ASSERT_EQUAL(message, error->getValue<std::string>("message"));
        CPPUNIT_ASSERT(json->getObject("meta")->has("request_id"));
    }

    std::atomic<std::size_t> _bufferDepth{0};
    std::atomic<bool> _healthy{true};
    std::unique_ptr<HttpServer> _server;
};
CPPUNIT_TEST_SUITE_REGISTRATION(HttpServerTest);
} // namespace akashi::http
