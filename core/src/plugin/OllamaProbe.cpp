#include "plugin/OllamaProbe.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdint>

namespace akashi::plugin
{
namespace
{
Poco::Timespan timespan(std::chrono::milliseconds ms)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(std::max<std::int64_t>(ms.count(), 1)) * 1000);
}
} // namespace

OllamaProbe::Result OllamaProbe::probe(const std::string& baseUrl, std::chrono::milliseconds timeout)
{
    Result result;
    Poco::URI uri;
    try
    {
        uri = Poco::URI(baseUrl);
    }
    catch (const Poco::Exception& e)
    {
        result.url = "(unparsable url)";
        result.detail = "not a URL: " + e.message();
        return result;
    }
    std::string path = uri.getPath();
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    result.url = uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort()) + path;
    if (uri.getScheme() != "http" || uri.getHost().empty())
    {
        result.detail = "only http:// URLs are probed";
        return result;
    }

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    try
    {
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(timespan(timeout), timespan(timeout), timespan(timeout));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path + "/api/tags", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        // Connecting used part of the budget; the answer gets only what is left.
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        session.socket().setReceiveTimeout(timespan(left));
        Poco::Net::HTTPResponse response;
        std::istream& body = session.receiveResponse(response);
        Poco::NullOutputStream discard;
        Poco::StreamCopier::copyStream(body, discard);
        const int status = static_cast<int>(response.getStatus());
        if (std::chrono::steady_clock::now() > deadline)
            result.detail = "no answer within " + std::to_string(timeout.count()) + " ms";
        else if (status < 200 || status > 299)
            result.detail = "HTTP " + std::to_string(status);
        else
            result.reachable = true;
    }
    catch (const Poco::TimeoutException&)
    {
        result.detail = "no answer within " + std::to_string(timeout.count()) + " ms";
    }
    catch (const Poco::Exception& e)
    {
        result.detail = e.displayText();
    }
    return result;
}
} // namespace akashi::plugin
