#include "http/SecurityHeaders.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <algorithm>

namespace akashi::http
{
SecurityHeaders::SecurityHeaders(std::vector<std::string> allowedOrigins) : _allowedOrigins(std::move(allowedOrigins))
{
}

bool SecurityHeaders::originAllowed(const std::string& origin) const
{
    if (origin.empty())
        return false;
    return std::any_of(_allowedOrigins.begin(), _allowedOrigins.end(),
                       [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

void SecurityHeaders::apply(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const
{
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Cache-Control", "no-store");
    response.set("Referrer-Policy", "strict-origin-when-cross-origin");
    response.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    response.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    response.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");

    const std::string origin = request.get("Origin", "");
    if (originAllowed(origin))
    {
        response.set("Access-Control-Allow-Origin", origin);
        response.set("Vary", "Origin");
        response.set("Access-Control-Allow-Headers",
                     "Authorization, Content-Type, X-Request-ID, Idempotency-Key, X-Idempotency-Key, "
                     "X-Akashi-Session, X-Akashi-Org-ID, Last-Event-ID, Mcp-Session-Id, MCP-Protocol-Version");
        response.set("Access-Control-Allow-Methods", "GET, POST, DELETE, PATCH, OPTIONS");
        response.set("Access-Control-Max-Age", "86400");
    }
}
} // namespace akashi::http
