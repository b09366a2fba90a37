#include "api/IdempotentWrite.h"

#include "api/ReadAfterWrite.h"
#include "common/Exception.h"
#include "common/Sha256.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <sstream>

namespace akashi::api
{
namespace
{
std::optional<std::string> headerValue(const Poco::Net::HTTPServerRequest& request, const char* name)
{
    if (!request.has(name))
        return std::nullopt;
    const std::string value = request.get(name);
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string::npos)
        throw Exception(ErrorCode::invalidInput, std::string("invalid ") + name + " header: must not be empty");
    const auto last = value.find_last_not_of(" \t");
    std::string key = value.substr(first, last - first + 1);
    if (key.size() > 255)
        throw Exception(ErrorCode::invalidInput, std::string("invalid ") + name + " header: at most 255 characters");
    for (const unsigned char c : key)
        if (c < 0x21 || c > 0x7e)
            throw Exception(ErrorCode::invalidInput,
                            std::string("invalid ") + name + " header: only printable ASCII without spaces");
    return key;
}

std::string endpointOf(const Poco::Net::HTTPServerRequest& request)
{
    return request.getMethod() + ":" + Poco::URI(request.getURI()).getPath();
}
} // namespace

std::optional<std::string> IdempotentWrite::keyOf(const Poco::Net::HTTPServerRequest& request)
{
    const auto standard = headerValue(request, kHeader);
    const auto sdk = headerValue(request, kSdkHeader);
    if (standard && sdk && *standard != *sdk)
        throw Exception(ErrorCode::invalidInput,
                        std::string("invalid ") + kHeader + " header: " + kSdkHeader + " carries a different key");
    return standard ? standard : sdk;
}

std::string IdempotentWrite::requestHash(const Poco::JSON::Object::Ptr& body, const std::string& extraHashInput)
{
    std::ostringstream canonical;
    body->stringify(canonical); // parsed objects keep their keys sorted: the same payload, the same text
    canonical << '\n' << extraHashInput;
    return Sha256::hex(canonical.str());
}

IdempotentWrite::IdempotentWrite(services::IdempotencyService& service, const http::RequestContext& context,
                                 const Poco::Net::HTTPServerRequest& request, const Poco::JSON::Object::Ptr& body,
                                 const std::string& extraHashInput)
    : _service(service), _context(context)
{
    const auto key = keyOf(request);
    if (!key)
        return;
    const auto& caller = context.principal();
    storage::IdempotencyRepository::Key scoped{caller.orgId, caller.agentId, endpointOf(request), *key};
    _stored = _service.begin(scoped, requestHash(body, extraHashInput));
    if (!_stored)
        _key = std::move(scoped); // claimed: ours to complete or release
}

IdempotentWrite::~IdempotentWrite()
{
    if (_key && !_finished)
        _service.release(*_key);
}

bool IdempotentWrite::replay(Poco::Net::HTTPServerResponse& response)
{
    if (!_stored)
        return false;
    const auto data = http::RequestBody::parseJsonObject(_stored->dataJson);
    if (data->has(ReadAfterWrite::kField))
        response.set(ReadAfterWrite::kHeader, data->getValue<std::string>(ReadAfterWrite::kField));
    response.set(kReplayedHeader, "true");
    http::ResponseWriter::writeData(response, _context, _stored->statusCode, data);
    return true;
}

void IdempotentWrite::writeData(Poco::Net::HTTPServerResponse& response, int status, Poco::JSON::Object::Ptr data,
                                const consistency::VisibilityToken& token)
{
    if (_key)
    {
        data->set(ReadAfterWrite::kField, token.encode());
        std::ostringstream json;
        data->stringify(json);
        // Stored before it is sent: a client that saw the response can always replay it.
        _service.complete(*_key, status, json.str());
        _finished = true;
    }
    ReadAfterWrite::writeData(response, _context, status, data, token);
}
} // namespace akashi::api
