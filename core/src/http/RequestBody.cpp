#include "http/RequestBody.h"

#include "common/Exception.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <istream>

namespace akashi::http
{
namespace
{
std::string tooLargeMessage(std::size_t maxBytes)
{
    return "request body exceeds the limit of " + std::to_string(maxBytes) + " bytes";
}
} // namespace

std::string RequestBody::readText(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes)
{
    // A declared length over the limit is refused before reading anything.
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(maxBytes))
        throw Exception(ErrorCode::payloadTooLarge, tooLargeMessage(maxBytes));

    std::string body;
    std::istream& in = request.stream();
    char buffer[8192];
    while (in)
    {
        in.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0)
            break;
        if (body.size() + got > maxBytes)
            throw Exception(ErrorCode::payloadTooLarge, tooLargeMessage(maxBytes));
        body.append(buffer, got);
    }
    return body;
}

Poco::JSON::Object::Ptr RequestBody::parseJsonObject(const std::string& text)
{
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Exception(ErrorCode::invalidInput, "request body is required");
    Poco::Dynamic::Var parsed;
    try
    {
        Poco::JSON::Parser parser;
        parsed = parser.parse(text);
    }
    catch (const Poco::Exception& e)
    {
        throw Exception(ErrorCode::invalidInput, "invalid JSON in request body: " + e.message());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw Exception(ErrorCode::invalidInput, "request body must be a JSON object");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr RequestBody::readJsonObject(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes)
{
    return parseJsonObject(readText(request, maxBytes));
}
} // namespace akashi::http
