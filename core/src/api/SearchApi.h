#pragma once
#include "http/RouteHandler.h"
#include "services/SearchService.h"

#include <cstddef>

namespace akashi::api
{
/// POST /v1/search (reader+): decodes the body strictly (unknown field → 400 naming it), runs
/// SearchService and writes `{results: [{decision, similarity_score, qdrant_rank?}], total}`, with the
/// path that served it in the X-Akashi-Search-Mode header (docs/search.md).
class SearchApi
{
public:
    explicit SearchApi(services::SearchService& search) : _search(search) {}

    void search(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    /// `semantic` or `text`: HEAD has no field for it, so tests and operators read it here.
    static constexpr const char* kModeHeader = "X-Akashi-Search-Mode";
    /// Longest `query` accepted, in bytes.
    static constexpr std::size_t kMaxQueryBytes = 4096;
    /// `limit` when absent (HEAD's text search default); values are clamped to 1–1000.
    static constexpr int kDefaultLimit = 10;

private:
    services::SearchService& _search;
};
} // namespace akashi::api
