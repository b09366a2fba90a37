#include "api/ReadinessHandler.h"
#include "app/Readiness.h"
#include "http/HttpServer.h"
#include "support/HttpTestClient.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <memory>

namespace akashi::http
{
/// GET /ready through the real HTTP layer: 200 only while serving with PostgreSQL up; 503 while
/// starting, draining or without PostgreSQL, with the checks that say why.
class ReadinessHandlerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReadinessHandlerTest);
    CPPUNIT_TEST(testNotReadyWhileStarting);
    CPPUNIT_TEST(testReadyWhileServing);
    CPPUNIT_TEST(testNotReadyWithoutPostgres);
    CPPUNIT_TEST(testNotReadyOnceDrainingForGood);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _readiness = std::make_unique<app::Readiness>();
        _postgresUp = true;
        auto table = std::make_shared<DispatchTable>();
        table->router.add("GET", "/ready",
                          std::make_shared<api::ReadinessHandler>([this] { return _postgresUp.load(); }, *_readiness));
        HttpSettings settings;
        settings.address = "127.0.0.1";
        settings.port = 0;
        _server = std::make_unique<HttpServer>(settings, table);
        _server->start();
    }

    void tearDown() override
    {
        _server.reset();
        _readiness.reset();
    }

    void testNotReadyWhileStarting()
    {
        expect(503, "not_ready", "ok", "starting");
    }

    void testReadyWhileServing()
    {
        _readiness->markServing();
        const auto reply = expect(200, "ready", "ok", "serving");
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.get("Content-Type"));
        CPPUNIT_ASSERT(!reply.json()->has("data")); // the reference's /readyz has no envelope
    }

    void testNotReadyWithoutPostgres()
    {
        _readiness->markServing();
        _postgresUp = false;
        expect(503, "not_ready", "unavailable", "serving");
        _postgresUp = true;
        expect(200, "ready", "ok", "serving");
    }

    void testNotReadyOnceDrainingForGood()
    {
        _readiness->markServing();
        _readiness->beginDrain();
        expect(503, "not_ready", "ok", "draining");
        _readiness->markServing(); // draining is final
        expect(503, "not_ready", "ok", "draining");
    }

private:
    test::HttpReply expect(int status, const std::string& overall, const std::string& postgres,
                           const std::string& lifecycle)
    {
        auto reply = test::HttpTestClient(_server->port()).get("/ready");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, status, reply.status);
        auto json = reply.json();
        CPPUNIT_ASSERT_EQUAL(overall, json->getValue<std::string>("status"));
        auto checks = json->getObject("checks");
        CPPUNIT_ASSERT_EQUAL(postgres, checks->getValue<std::string>("postgres"));
        CPPUNIT_ASSERT_EQUAL(lifecycle, checks->getValue<std::string>("lifecycle"));
        return reply;
    }

    std::unique_ptr<app::Readiness> _readiness;
    std::atomic<bool> _postgresUp{true};
    std::unique_ptr<HttpServer> _server;
};
CPPUNIT_TEST_SUITE_REGISTRATION(ReadinessHandlerTest);
} // namespace akashi::http
