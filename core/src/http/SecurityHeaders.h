#pragma once
#include <string>
#include <vector>

namespace Poco::Net
{
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace akashi::http
{
/// The response headers every reply carries (reference API §1.1) and the CORS policy.
/// CORS: an Origin listed in AKASHI_CORS_ALLOWED_ORIGINS (or `*`) is reflected; any other gets no CORS
/// headers, so the browser refuses it. Immutable after construction; shared by all request threads.
class SecurityHeaders
{
public:
    explicit SecurityHeaders(std::vector<std::string> allowedOrigins);

    void apply(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const;

    bool originAllowed(const std::string& origin) const;

private:
    std::vector<std::string> _allowedOrigins;
};
} // namespace akashi::http
