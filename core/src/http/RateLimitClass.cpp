#include "http/RateLimitClass.h"

#include <initializer_list>

namespace akashi::http
{
namespace
{
bool startsWith(std::string_view text, std::string_view prefix) noexcept
{
    return text.substr(0, prefix.size()) == prefix;
}

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> candidates) noexcept
{
    for (std::string_view candidate : candidates)
        if (text == candidate)
            return true;
    return false;
}
} // namespace

RateLimitClass classifyRoute(std::string_view method, std::string_view routeTemplate) noexcept
{
    if (routeTemplate == "/auth" || startsWith(routeTemplate, "/auth/"))
        return RateLimitClass::auth;
    // /mcp/info only describes how to authenticate: open, like health.
    if (routeTemplate == "/mcp")
        return RateLimitClass::query;
    if (!startsWith(routeTemplate, "/v1/"))
        return RateLimitClass::unlimited;
    if (method == "POST")
    {
        if (isOneOf(routeTemplate, {"/v1/trace", "/v1/runs", "/v1/runs/{run_id}/events", "/v1/runs/{run_id}/complete"}))
            return RateLimitClass::ingest;
        if (routeTemplate == "/v1/search")
            return RateLimitClass::search;
        if (isOneOf(routeTemplate, {"/v1/query", "/v1/query/temporal", "/v1/check"}))
            return RateLimitClass::query;
        return RateLimitClass::general;
    }
    if (method == "GET" || method == "HEAD")
        return RateLimitClass::query;
    return RateLimitClass::general;
}

std::string_view rateLimitClassName(RateLimitClass limitClass) noexcept
{
    switch (limitClass)
    {
    case RateLimitClass::unlimited: return "unlimited";
    case RateLimitClass::auth: return "auth";
    case RateLimitClass::ingest: return "ingest";
    case RateLimitClass::query: return "query";
    case RateLimitClass::search: return "search";
    case RateLimitClass::general: return "general";
    }
    return "unlimited";
}
} // namespace akashi::http
