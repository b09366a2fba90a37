#pragma once
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>

namespace Poco::Net
{
class HTTPServerRequest;
}

namespace akashi::http
{
/// Reads request bodies within the configured size limit (AKASHI_MAX_REQUEST_BODY_BYTES).
/// Oversize → `payloadTooLarge` (413) without buffering more than the limit (the rest is read and
/// discarded up to 8 MiB so the client can read the answer); malformed JSON or a
/// non-object top level → `invalidInput` (400) with a message saying what is wrong and where.
class RequestBody
{
public:
    static std::string readText(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes);

    /// The body parsed as a JSON object. An empty body is an error ("request body is required").
    static Poco::JSON::Object::Ptr readJsonObject(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes);

    /// Parses `text` as a JSON object; split out so it is testable without a socket.
    static Poco::JSON::Object::Ptr parseJsonObject(const std::string& text);
};
} // namespace akashi::http
