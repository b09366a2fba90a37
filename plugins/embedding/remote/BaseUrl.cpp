#include "BaseUrl.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace akashi::plugins::embedding::remote
{
BaseUrl BaseUrl::parse(const std::string& key, const std::string& text)
{
    const std::string quoted = key + ": \"" + text + "\"";
    Poco::URI uri;
    try
    {
        uri = Poco::URI(text);
    }
    catch (const Poco::Exception& e)
    {
        throw std::invalid_argument(quoted + " is not a URL (" + e.message() + ")");
    }
    // Checked first: every later message quotes the text, which must not carry a password into a log.
    if (!uri.getUserInfo().empty())
        throw std::invalid_argument(key + ": credentials in the URL are not supported");
    BaseUrl url;
    if (uri.getScheme() == "https")
        url._secure = true;
    else if (uri.getScheme() != "http")
        throw std::invalid_argument(quoted + " must start with http:// or https://");
    if (uri.getHost().empty())
        throw std::invalid_argument(quoted + " has no host");
    if (!uri.getRawQuery().empty() || !uri.getFragment().empty())
        throw std::invalid_argument(quoted + " must not have a query or fragment");
    url._host = uri.getHost();
    url._port = uri.getPort();
    url._pathPrefix = uri.getPath();
    while (!url._pathPrefix.empty() && url._pathPrefix.back() == '/')
        url._pathPrefix.pop_back();
    // Poco::URI keeps an IPv6 host without brackets; put them back for a URL a person can paste.
    const std::string host = url._host.find(':') != std::string::npos ? "[" + url._host + "]" : url._host;
    url._text = uri.getScheme() + "://" + host + ":" + std::to_string(url._port) + url._pathPrefix;
    return url;
}
} // namespace akashi::plugins::embedding::remote
