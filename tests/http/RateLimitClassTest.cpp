#include "http/RateLimitClass.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace akashi::http
{
/// The route → class rules, for every route the server registers (core/src/api/Routes.cpp) and a few it
/// may register later.
class RateLimitClassTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RateLimitClassTest);
    CPPUNIT_TEST(testEveryRoute);
    CPPUNIT_TEST(testNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryRoute()
    {
        using C = RateLimitClass;
        const struct
        {
            const char* method;
            const char* route;
            RateLimitClass expected;
        } cases[] = {
            {"GET", "/health", C::unlimited},
            {"GET", "/readyz", C::unlimited},
            {"GET", "/ready", C::unlimited},
            {"GET", "/metrics", C::unlimited},
            {"GET", "/mcp/info", C::unlimited},
            {"POST", "/auth/token", C::auth},
            {"POST", "/auth/refresh", C::auth},
            {"POST", "/auth/signup", C::auth},
            {"POST", "/v1/trace", C::ingest},
            {"POST", "/v1/runs", C::ingest},
            {"POST", "/v1/runs/{run_id}/events", C::ingest},
            {"POST", "/v1/runs/{run_id}/complete", C::ingest},
            {"POST", "/v1/search", C::search},
            {"POST", "/v1/query", C::query},
            {"POST", "/v1/query/temporal", C::query},
            {"POST", "/v1/check", C::query},
            {"GET", "/v1/runs/{run_id}", C::query},
            {"GET", "/v1/decisions/recent", C::query},
            {"GET", "/v1/decisions/{id}", C::query},
            {"GET", "/v1/decisions/{id}/revisions", C::query},
            {"GET", "/v1/decisions/{id}/conflicts", C::query},
            {"GET", "/v1/decisions/{id}/assessments", C::query},
            {"GET", "/v1/agents/{agent_id}/history", C::query},
            {"GET", "/v1/conflicts", C::query},
            {"GET", "/v1/conflicts/{id}", C::query},
            {"GET", "/v1/verify/{id}", C::query},
            {"GET", "/v1/export/decisions", C::query},
            {"GET", "/v1/subscribe", C::query},
            {"GET", "/v1/agents", C::query},
            {"GET", "/v1/grants", C::query},
            {"GET", "/mcp", C::query},
            {"POST", "/mcp", C::query},
            {"DELETE", "/mcp", C::query},
            {"POST", "/v1/agents", C::general},
            {"DELETE", "/v1/agents/{agent_id}", C::general},
            {"PATCH", "/v1/agents/{agent_id}/tags", C::general},
            {"POST", "/v1/grants", C::general},
            {"DELETE", "/v1/grants/{id}", C::general},
            {"PATCH", "/v1/conflicts/{id}", C::general},
            {"POST", "/v1/decisions/{id}/assess", C::general},
            {"POST", "/v1/auth/scoped-token", C::general},
            {"GET", "/authority", C::unlimited}, // only /auth and /auth/* are the auth class
            {"GET", "/v1", C::unlimited},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(c.method) + " " + c.route, std::string(rateLimitClassName(c.expected)),
                                         std::string(rateLimitClassName(classifyRoute(c.method, c.route))));
    }

    void testNames()
    {
        using C = RateLimitClass;
        const struct
        {
            RateLimitClass limitClass;
            const char* name;
        } cases[] = {{C::unlimited, "unlimited"}, {C::auth, "auth"},     {C::ingest, "ingest"},
                     {C::query, "query"},         {C::search, "search"}, {C::general, "general"}};
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL(std::string(c.name), std::string(rateLimitClassName(c.limitClass)));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RateLimitClassTest);
} // namespace akashi::http
