#pragma once
#include "consistency/VisibilityToken.h"

#include <Poco/JSON/Object.h>

#include <optional>

namespace Poco::Net
{
class HTTPServerResponse;
}

namespace akashi::http
{
class QueryParams;
class RequestContext;
} // namespace akashi::http

namespace akashi::json
{
class ObjectReader;
}

namespace akashi::api
{
/// The HTTP side of read-after-write (docs/consistency.md): writes hand out a visibility token in the
/// `X-Akashi-Visibility-Token` header and the `visibility_token` body field; reads accept
/// `min_visibility_token` as a query parameter or a body field.
class ReadAfterWrite
{
public:
    static constexpr const char* kHeader = "X-Akashi-Visibility-Token";
    static constexpr const char* kField = "visibility_token";
    static constexpr const char* kReadParameter = "min_visibility_token";

    /// Adds the token to `data` and the header, then writes the success envelope.
    static void writeData(Poco::Net::HTTPServerResponse& response, const http::RequestContext& context, int status,
                          Poco::JSON::Object::Ptr data, const consistency::VisibilityToken& token);

    /// `min_visibility_token` from the query string; 400 naming it when malformed.
    static std::optional<consistency::VisibilityToken> fromQuery(const http::QueryParams& query);
    /// `min_visibility_token` from a JSON body (marks the field as read), else from the query string.
    static std::optional<consistency::VisibilityToken> fromBody(json::ObjectReader& body,
                                                                const http::QueryParams& query);
};
} // namespace akashi::api
