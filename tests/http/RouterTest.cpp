#include "common/Exception.h"
#include "http/Router.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::http
{
namespace
{
class NamedHandler final : public RouteHandler
{
public:
    void handle(RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&) override {}
};
} // namespace

class RouterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RouterTest);
    CPPUNIT_TEST(testMatchesLiteralAndParameters);
    CPPUNIT_TEST(testLiteralBeatsParameter);
    CPPUNIT_TEST(testNotFoundAndMethodNotAllowed);
    CPPUNIT_TEST(testTrailingSlashAndEmptySegments);
    CPPUNIT_TEST(testRejectsBadTemplates);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _router = Router();
        _run = std::make_shared<NamedHandler>();
        _active = std::make_shared<NamedHandler>();
        _events = std::make_shared<NamedHandler>();
        _router.add("GET", "/v1/runs/{run_id}", _run);
        _router.add("GET", "/v1/runs/active", _active);
        _router.add("POST", "/v1/runs/{run_id}/events", _events);
        _router.add("DELETE", "/v1/runs/{run_id}", _run);
    }

    void testMatchesLiteralAndParameters()
    {
        auto m = _router.match("POST", "/v1/runs/abc-123/events");
        CPPUNIT_ASSERT(m.kind == RouteMatch::Kind::found);
        CPPUNIT_ASSERT(m.handler == _events);
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/runs/{run_id}/events"), m.routeTemplate);
        CPPUNIT_ASSERT_EQUAL(std::string("abc-123"), m.params.at("run_id"));
    }

    void testLiteralBeatsParameter()
    {
        CPPUNIT_ASSERT(_router.match("GET", "/v1/runs/active").handler == _active);
        CPPUNIT_ASSERT(_router.match("GET", "/v1/runs/other").handler == _run);
    }

    void testNotFoundAndMethodNotAllowed()
    {
        CPPUNIT_ASSERT(_router.match("GET", "/v1/nope").kind == RouteMatch::Kind::notFound);
        CPPUNIT_ASSERT(_router.match("GET", "/v1/runs/x/events/y").kind == RouteMatch::Kind::notFound);
        auto m = _router.match("PATCH", "/v1/runs/x");
        CPPUNIT_ASSERT(m.kind == RouteMatch::Kind::methodNotAllowed);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.allowedMethods.size());
        CPPUNIT_ASSERT_EQUAL(std::string("DELETE"), m.allowedMethods[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), m.allowedMethods[1]);
    }

    void testTrailingSlashAndEmptySegments()
    {
        CPPUNIT_ASSERT(_router.match("GET", "/v1/runs/x/").kind == RouteMatch::Kind::found);
        CPPUNIT_ASSERT(_router.match("GET", "//v1//runs/x").kind == RouteMatch::Kind::found);
    }

    void testRejectsBadTemplates()
    {
        auto h = std::make_shared<NamedHandler>();
        CPPUNIT_ASSERT_THROW(_router.add("GET", "v1/no-slash", h), Exception);
        CPPUNIT_ASSERT_THROW(_router.add("GET", "/v1/{broken", h), Exception);
        CPPUNIT_ASSERT_THROW(_router.add("GET", "/v1/runs/{run_id}", h), Exception); // duplicate
        CPPUNIT_ASSERT_THROW(_router.add("GET", "/v1/x", nullptr), Exception);
    }

private:
    Router _router;
    std::shared_ptr<RouteHandler> _run, _active, _events;
};
CPPUNIT_TEST_SUITE_REGISTRATION(RouterTest);
} // namespace akashi::http
