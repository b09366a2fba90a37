#include "api/SearchApi.h"

#include "api/DecisionJson.h"
#include "api/QueryApi.h"
#include "api/ReadAfterWrite.h"
#include "http/QueryParams.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/ObjectReader.h"

#include <Poco/Net/HTTPServerResponse.h>

#include <algorithm>

namespace akashi::api
{
namespace
{
bool blank(const std::string& text)
{
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}
} // namespace

void SearchApi::search(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams params(request);
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    services::SearchRequest search;
    search.query = body.requiredString("query", {1, kMaxQueryBytes});
    if (blank(search.query))
        body.fail("query", "must not be only whitespace");
    search.semantic = body.optionalBool("semantic").value_or(false);
    search.filter = QueryApi::decodeOptionalFilters(body);
    const auto limit = body.optionalInteger("limit");
    search.limit = limit ? static_cast<int>(std::clamp<std::int64_t>(*limit, 1, 1000)) : kDefaultLimit;
    const auto token = ReadAfterWrite::fromBody(body, params);
    body.finish();

    const auto found = _search.search(context.principal(), search, token);
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const auto& result : found.results)
    {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("decision", DecisionJson::decision(result.decision));
        item->set("similarity_score", result.score);
        if (result.annRank)
            item->set("qdrant_rank", *result.annRank);
        results->add(item);
    }
    // HEAD's list envelope, as its SDKs read it: every result in one page.
    const int count = static_cast<int>(found.results.size());
    response.set(kModeHeader, found.mode == services::SearchMode::semantic ? "semantic" : "text");
    http::ResponseWriter::writeList(response, context, results, count, false, count, 0);
}
} // namespace akashi::api
