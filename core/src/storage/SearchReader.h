#pragma once
#include "storage/DecisionRecord.h"
#include "storage/PgConnection.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace akashi::storage
{
/// The SQL of POST /v1/search (docs/search.md): PostgreSQL full-text search, its ILIKE fallback and the
/// hydration of vector-index hits. Every statement reads current rows (`valid_to IS NULL`) of the
/// caller's org with the caller's visibility and the request's filters pushed into SQL
/// (DecisionFilterSql), so a row the caller may not see is never fetched. Rows map through
/// DecisionRows. Stateless and thread-safe; the connection is not.
class SearchReader
{
public:
    /// A current row a search found, with what its score needs from the database clock.
    struct Match
    {
        DecisionRecord decision;
        double relevance = 0;       ///< text searches: the score computed in SQL; hydration: 0
        double ageDays = 0;         ///< now() − valid_from in days, never negative
        bool quickRevision = false; ///< it superseded a decision written less than 48 h before it
        std::int64_t currentCitations = 0; ///< current rows of the org citing it as precedent_ref
    };

    /// The ILIKE fallback ORs at most this many words of the query.
    static constexpr std::size_t kMaxWords = 20;

    /// Rows whose search_vector matches websearch_to_tsquery('english', query), best first by
    /// `ts_rank × (0.5 + 0.2·completeness + 0.3·outcome_score) × recency`. Empty, without searching,
    /// when the query has no lexeme (stop words or punctuation only): it could match nothing.
    std::vector<Match> fullText(PgConnection& connection, const DecisionScope& scope, const DecisionFilter& filter,
                                const std::string& query, int limit);

    /// Rows whose outcome, reasoning or decision_type contains (ILIKE) any of `words`, best first by
    /// `(matched words / words) × (0.5 + 0.2·completeness + 0.3·outcome_score) × recency`. Empty for
    /// no words. `%`, `_` and `\` in a word match themselves.
    std::vector<Match> anyWord(PgConnection& connection, const DecisionScope& scope, const DecisionFilter& filter,
                               const std::vector<std::string>& words, int limit);

    /// The current rows among `ids` (UUIDs) embedded by `embeddingModel` with `dimensions`, so hits of
    /// one vector space are never answered with rows of another; in no particular order.
    std::vector<Match> currentEmbedded(PgConnection& connection, const DecisionScope& scope,
                                       const DecisionFilter& filter, const std::vector<std::string>& ids,
                                       const std::string& embeddingModel, std::size_t dimensions);

    /// The whitespace-separated words of `query`, first occurrences only, at most kMaxWords.
    static std::vector<std::string> words(const std::string& query);

    /// `%word%` with the LIKE metacharacters `\`, `%` and `_` escaped (backslash is ILIKE's escape).
    static std::string containsPattern(const std::string& word);
};
} // namespace akashi::storage
