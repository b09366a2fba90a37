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
/// A refused body is still read (and thrown away) up to this many bytes: a server that answers 413 and
/// closes while the client is still sending makes the client's kernel see a reset, and the client never
/// reads the answer. Larger bodies are not worth the bandwidth; their connection is simply closed.
constexpr std::size_t kDrainLimit = 8 * 1024 * 1024;

[[noreturn]] void refuse(std::istream& in, std::size_t alreadyRead, std::size_t maxBytes)
{
    char buffer[8192];
    std::size_t drained = alreadyRead;
    while (in && drained < kDrainLimit)
    {
        in.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0)
            break;
        drained += got;
    }
    throw Exception(ErrorCode::payloadTooLarge,
                    "request body exceeds the limit of " + std::to_string(maxBytes) + " bytes");
}
} // namespace

std::string RequestBody::readText(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes)
{
    std::istream& in = request.stream();
    // A declared length over the limit is refused without keeping any of it.
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(maxBytes))
        refuse(in, 0, maxBytes);

    std::string body;
    char buffer[8192];
    while (in)
    {
        in.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0)
            break;
        if (body.size() + got > maxBytes)
            refuse(in, body.size() + got, maxBytes);
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
