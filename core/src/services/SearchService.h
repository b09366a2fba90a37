#pragma once
#include "auth/Principal.h"
#include "consistency/VisibilityGate.h"
#include "consistency/VisibilityToken.h"
#include "search/VectorHit.h"
#include "search/VectorSearch.h"
#include "services/AccessPolicy.h"
#include "services/QueryRequest.h"
#include "storage/Database.h"
#include "storage/SearchReader.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// POST /v1/search (docs/search.md): the semantic path (embed the query, nearest neighbours in the
/// caller's org from the vector index, hydrate the current rows from PostgreSQL, re-score) when asked
/// for and available, else, and whenever it fails or finds nothing, PostgreSQL full-text search with an
/// ILIKE fallback. Reader role and up; org-scoped and RBAC-filtered in SQL on every path. The query is
/// embedded before a pooled connection is taken, so a slow provider never holds one. Thread-safe (no
/// state besides its collaborators; the provider and the index are thread-safe by contract).
class SearchService
{
public:
    using Token = std::optional<consistency::VisibilityToken>;

    /// `embedder` and `vectors` may be null: search is then text only.
    SearchService(storage::Database& database, AccessPolicy& access, storage::SearchReader& reader,
                  consistency::VisibilityGate gate, std::shared_ptr<embedding::EmbeddingProvider> embedder,
                  std::shared_ptr<const search::VectorSearch> vectors);

    /// The whole chain; waits for `token` on the connection that reads (VisibilityGate → 504).
    SearchResult search(const auth::Principal& caller, const SearchRequest& request, const Token& token);

    /// Both collaborators are present and describe the same vector space (model and dimensions).
    bool semanticAvailable() const noexcept;

    /// First half of the semantic path, without a database connection: embeds `query` and returns the
    /// index's kNeighbourFactor × `limit` nearest decisions of `orgId`, best first. nullopt when the
    /// semantic path cannot run: unavailable, the provider failed, or its vector is unusable (wrong
    /// length, all zeros as the noop provider returns, or not finite). May be empty.
    std::optional<std::vector<search::VectorHit>> nearest(const std::string& orgId, const std::string& query,
                                                          int limit) const;

    /// Second half: the current rows among `hits` that `scope` may see, that match `filter` and were
    /// embedded in the index's vector space, scored by `relevance`, best first (ties by ANN rank), at
    /// most `limit`. Another org's id from the index is never hydrated (the read is org-scoped).
    std::vector<ScoredDecision> rank(storage::PgConnection& connection, const storage::DecisionScope& scope,
                                     const storage::DecisionFilter& filter,
                                     const std::vector<search::VectorHit>& hits, int limit) const;

    /// The text path: full-text search, and when that finds nothing (or the query is only stop words)
    /// the ILIKE fallback over the query's words. No `annRank`.
    std::vector<ScoredDecision> text(storage::PgConnection& connection, const storage::DecisionScope& scope,
                                     const storage::DecisionFilter& filter, const std::string& query,
                                     int limit) const;

    /// HEAD's re-score with the signals this server has: `similarity × (0.5 + 0.5·w) × recency`, where
    /// w = 0.25·min(log1p(citations)/log 6, 1) + 0.15·(quickRevision ? 0 : 1) and recency =
    /// 1/(1 + ageDays/90). HEAD's assessment, agreement and conflict-win-rate terms are absent (0).
    static double relevance(double similarity, std::int64_t citations, bool quickRevision, double ageDays);

    /// The index is asked for this many neighbours per requested result, as HEAD asks Qdrant: rows it
    /// returns may be superseded, invisible or filtered out.
    static constexpr int kNeighbourFactor = 3;

    /// After the provider fails a query as unavailable or rate limited, searches skip the semantic path
    /// for this long instead of each waiting out the provider's timeouts and retries.
    static constexpr std::chrono::milliseconds kProviderBackoff{10000};

private:
    SearchResult run(const auth::Principal& caller, const SearchRequest& request, const Token& token);

    storage::Database& _database;
    AccessPolicy& _access;
    storage::SearchReader& _reader;
    consistency::VisibilityGate _gate;
    std::shared_ptr<embedding::EmbeddingProvider> _embedder;
    std::shared_ptr<const search::VectorSearch> _vectors;
    mutable std::atomic<std::int64_t> _semanticPausedUntilMs{0}; ///< steady clock; 0 = not paused
};
} // namespace akashi::services
