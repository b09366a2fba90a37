#include "api/ReadAfterWrite.h"

#include "http/QueryParams.h"
#include "http/ResponseWriter.h"
#include "json/ObjectReader.h"

#include <Poco/Net/HTTPServerResponse.h>

namespace akashi::api
{
void ReadAfterWrite::writeData(Poco::Net::HTTPServerResponse& response, const http::RequestContext& context,
                               int status, Poco::JSON::Object::Ptr data,
                               const consistency::VisibilityToken& token)
{
    const auto encoded = token.encode();
    data->set(kField, encoded);
    response.set(kHeader, encoded);
    http::ResponseWriter::writeData(response, context, status, data);
}

std::optional<consistency::VisibilityToken> ReadAfterWrite::fromQuery(const http::QueryParams& query)
{
    const auto text = query.get(kReadParameter);
    if (!text || text->empty())
        return std::nullopt;
    return consistency::VisibilityToken::parse(*text, kReadParameter);
}

std::optional<consistency::VisibilityToken> ReadAfterWrite::fromBody(json::ObjectReader& body,
                                                                     const http::QueryParams& query)
{
    if (const auto text = body.optionalString(kReadParameter, {1, 128}))
        return consistency::VisibilityToken::parse(*text, kReadParameter);
    return fromQuery(query);
}
} // namespace akashi::api
