#pragma once
#include "consistency/VisibilityToken.h"
#include "services/IdempotencyService.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace Poco::Net
{
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace akashi::http
{
class RequestContext;
}

namespace akashi::api
{
/// One write handler's use of `Idempotency-Key` (or `X-Idempotency-Key`, which the official SDKs
/// send). Construct it after reading the body and before doing the write:
///
///     IdempotentWrite idempotent(service, context, request, body);
///     if (idempotent.replay(response)) return;   // same key, same payload: the stored response
///     ... the write ...
///     idempotent.writeData(response, 201, data, token);
///
/// Without a key it does nothing but write. If the handler leaves by an exception, the destructor
/// releases the key so a retry runs the write afresh. Scope: (org, caller's agent_id, "METHOD:path").
class IdempotentWrite
{
public:
    static constexpr const char* kHeader = "Idempotency-Key";
    static constexpr const char* kSdkHeader = "X-Idempotency-Key";
    static constexpr const char* kReplayedHeader = "Idempotency-Replayed";

    /// Claims the key. 400 naming the header for a malformed key or two different keys; 409 (see
    /// IdempotencyService::begin). `extraHashInput` joins the payload hash (e.g. headers that change the
    /// stored decision).
    IdempotentWrite(services::IdempotencyService& service, const http::RequestContext& context,
                    const Poco::Net::HTTPServerRequest& request, const Poco::JSON::Object::Ptr& body,
                    const std::string& extraHashInput = {});
    ~IdempotentWrite();

    IdempotentWrite(const IdempotentWrite&) = delete;
    IdempotentWrite& operator=(const IdempotentWrite&) = delete;

    /// When an earlier request with this key and payload completed: writes its response (with header
    /// `Idempotency-Replayed: true`) and returns true.
    bool replay(Poco::Net::HTTPServerResponse& response);

    /// Writes the response through ReadAfterWrite::writeData and stores it under the key.
    void writeData(Poco::Net::HTTPServerResponse& response, int status, Poco::JSON::Object::Ptr data,
                   const consistency::VisibilityToken& token);

    /// The key sent by the client (trimmed), or nothing. 400 naming the header when malformed.
    static std::optional<std::string> keyOf(const Poco::Net::HTTPServerRequest& request);

    /// SHA-256 (hex) of the canonical JSON of `body` (keys sorted at every level) and `extraHashInput`.
    static std::string requestHash(const Poco::JSON::Object::Ptr& body, const std::string& extraHashInput);

private:
    services::IdempotencyService& _service;
    const http::RequestContext& _context;
    std::optional<storage::IdempotencyRepository::Key> _key;
    std::optional<services::IdempotencyService::StoredResponse> _stored;
    bool _finished = false;
};
} // namespace akashi::api
