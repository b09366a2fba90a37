#include "services/SearchService.h"

#include "telemetry/MetricsRegistry.h"

#include "auth/RandomId.h"
#include "logging/Log.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace akashi::services
{
namespace
{
Poco::Logger& searchLog()
{
    return Poco::Logger::get("search");
}

/// Why a query vector cannot be searched, or empty when it can.
std::string unusable(const std::vector<float>& vector, std::size_t dimensions)
{
    if (vector.size() != dimensions)
        return "vector has " + std::to_string(vector.size()) + " dimensions, the index " + std::to_string(dimensions);
    if (!std::all_of(vector.begin(), vector.end(), [](float x) { return std::isfinite(x); }))
        return "vector has a non-finite component";
    if (std::all_of(vector.begin(), vector.end(), [](float x) { return x == 0.0f; }))
        return "zero vector";
    return {};
}
} // namespace

SearchService::SearchService(storage::Database& database, AccessPolicy& access, storage::SearchReader& reader,
                             consistency::VisibilityGate gate,
                             std::shared_ptr<embedding::EmbeddingProvider> embedder,
                             std::shared_ptr<const search::VectorSearch> vectors)
    : _database(database), _access(access), _reader(reader), _gate(gate), _embedder(std::move(embedder)),
      _vectors(std::move(vectors))
{
}

bool SearchService::semanticAvailable() const noexcept
{
    return _embedder && _vectors && _embedder->model() == _vectors->model() &&
           _embedder->dimensions() == _vectors->dimensions();
}

SearchResult SearchService::search(const auth::Principal& caller, const SearchRequest& request, const Token& token)
{
    const auto started = std::chrono::steady_clock::now();
    auto result = run(caller, request, token);
    const char* mode = result.mode == SearchMode::semantic ? "semantic" : "text";
    telemetry::MetricsRegistry::global()
        .histogram("akashi.search.duration", "Time to serve POST /v1/search", "ms", {{"mode", std::string(mode)}})
        .record(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    return result;
}

SearchResult SearchService::run(const auth::Principal& caller, const SearchRequest& request, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    const auto hits = request.semantic ? nearest(caller.orgId, request.query, request.limit) : std::nullopt;
    // Visibility reads grants on a connection of its own: resolve it before this request takes one.
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    _gate.await(*lease, caller.orgId, token);
    SearchResult result;
    if (hits && !hits->empty())
    {
        result.results = rank(*lease, scope, request.filter, *hits, request.limit);
        if (!result.results.empty())
        {
            result.mode = SearchMode::semantic;
            return result;
        }
        logging::debug(searchLog(), "search: no visible current neighbours, falling back to text");
    }
    result.results = text(*lease, scope, request.filter, request.query, request.limit);
    result.mode = SearchMode::text;
    return result;
}

std::optional<std::vector<search::VectorHit>> SearchService::nearest(const std::string& orgId,
                                                                     const std::string& query, int limit) const
{
    if (!semanticAvailable())
        return std::nullopt;
    const auto nowMs = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    };
    if (nowMs() < _semanticPausedUntilMs.load())
        return std::nullopt;
    const auto embedded = _embedder->embed({query});
    if (embedded.status.code == plugin::StatusCode::unavailable || embedded.status.code == plugin::StatusCode::rateLimited)
        _semanticPausedUntilMs.store(nowMs() + kProviderBackoff.count());
    if (!embedded.status.isOk() || embedded.vectors.size() != 1)
    {
        logging::warn(searchLog(), "search: embedding failed, falling back to text",
                      {{"provider_model", _embedder->model()}, {"error", embedded.status.message}});
        return std::nullopt;
    }
    if (const auto problem = unusable(embedded.vectors.front(), _vectors->dimensions()); !problem.empty())
    {
        logging::debug(searchLog(), "search: query vector unusable, falling back to text", {{"reason", problem}});
        return std::nullopt;
    }
    // The index is another component's code: its failure degrades this request to text search (as
    // HEAD does when Qdrant fails) instead of failing it.
    try
    {
        return _vectors->search(orgId, embedded.vectors.front(), static_cast<std::size_t>(limit) * kNeighbourFactor);
    }
    catch (const std::exception& e)
    {
        logging::warn(searchLog(), "search: vector index failed, falling back to text",
                      {{"error", std::string(e.what())}});
        return std::nullopt;
    }
}

std::vector<ScoredDecision> SearchService::rank(storage::PgConnection& connection, const storage::DecisionScope& scope,
                                                const storage::DecisionFilter& filter,
                                                const std::vector<search::VectorHit>& hits, int limit) const
{
    // Ids are cast to uuid in SQL: anything else from the index would fail the whole statement.
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const auto& hit : hits)
        if (auth::RandomId::isUuid(hit.decisionId) && seen.insert(hit.decisionId).second)
            ids.push_back(hit.decisionId);
    if (ids.empty())
        return {};
    auto matches = _reader.currentEmbedded(connection, scope, filter, ids, _vectors->model(), _vectors->dimensions());
    std::map<std::string, storage::SearchReader::Match*> byId;
    for (auto& match : matches)
        byId.emplace(match.decision.id, &match);

    std::vector<ScoredDecision> scored;
    for (std::size_t position = 0; position < hits.size(); ++position)
    {
        const auto found = byId.find(hits[position].decisionId);
        if (found == byId.end())
            continue;
        auto& match = *found->second;
        ScoredDecision result;
        result.score = relevance(hits[position].similarity, match.currentCitations, match.quickRevision,
                                 match.ageDays);
        result.annRank = static_cast<int>(position) + 1;
        result.decision = std::move(match.decision);
        byId.erase(found); // a duplicate hit keeps its best (first) rank only
        scored.push_back(std::move(result));
    }
    std::sort(scored.begin(), scored.end(), [](const ScoredDecision& a, const ScoredDecision& b) {
        return a.score != b.score ? a.score > b.score : *a.annRank < *b.annRank;
    });
    if (scored.size() > static_cast<std::size_t>(limit))
        scored.resize(static_cast<std::size_t>(limit));
    return scored;
}

std::vector<ScoredDecision> SearchService::text(storage::PgConnection& connection, const storage::DecisionScope& scope,
                                                const storage::DecisionFilter& filter, const std::string& query,
                                                int limit) const
{
    auto matches = _reader.fullText(connection, scope, filter, query, limit);
    if (matches.empty())
        matches = _reader.anyWord(connection, scope, filter, storage::SearchReader::words(query), limit);
    std::vector<ScoredDecision> results;
    results.reserve(matches.size());
    for (auto& match : matches)
    {
        ScoredDecision result;
        result.score = match.relevance;
        result.decision = std::move(match.decision);
        results.push_back(std::move(result));
    }
    return results;
}

double SearchService::relevance(double similarity, std::int64_t citations, bool quickRevision, double ageDays)
{
    const double citationScore = std::min(std::log1p(static_cast<double>(std::max<std::int64_t>(citations, 0))) /
                                              std::log(6.0),
                                          1.0);
    const double stability = quickRevision ? 0.0 : 1.0;
    const double weight = 0.25 * citationScore + 0.15 * stability;
    const double recency = 1.0 / (1.0 + std::max(ageDays, 0.0) / 90.0);
    return similarity * (0.5 + 0.5 * weight) * recency;
}
} // namespace akashi::services
