#include "mcp/McpOriginPolicy.h"

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>

namespace akashi::mcp
{
bool McpOriginPolicy::isLoopbackAddress(const std::string& address)
{
    std::string host = Poco::toLower(address);
    if (host == "localhost")
        return true;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    // Parsed, not prefix-matched: "127.example.com" is a hostname anyone can point anywhere.
    Poco::Net::IPAddress ip;
    return Poco::Net::IPAddress::tryParse(host, ip) && ip.isLoopback();
}

bool McpOriginPolicy::isLoopbackOrigin(const std::string& origin)
{
    try
    {
        const Poco::URI uri(origin);
        if (uri.getScheme() != "http" && uri.getScheme() != "https")
            return false;
        return isLoopbackAddress(uri.getHost());
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

bool McpOriginPolicy::allows(const std::string& origin) const
{
    if (origin.empty())
        return true;
    if (std::any_of(_allowedOrigins.begin(), _allowedOrigins.end(),
                    [&](const std::string& allowed) { return allowed == "*" || allowed == origin; }))
        return true;
    return _boundToLoopback && isLoopbackOrigin(origin);
}
} // namespace akashi::mcp
