#include "storage/SearchReader.h"

#include "storage/DecisionFilterSql.h"
#include "storage/DecisionRows.h"

#include <algorithm>

namespace akashi::storage
{
namespace
{
const std::string kFrom = " FROM decisions d";

/// Days since valid_from on the database clock (the same clock for every row of one statement).
const std::string kAgeDays = "(GREATEST(EXTRACT(EPOCH FROM (now() - d.valid_from))::float8, 0) / 86400.0)";

/// HEAD's text weights and recency decay: (0.5 + 0.2·completeness + 0.3·outcome) × 1/(1 + age/90).
const std::string kTextWeight =
    "(0.5 + 0.2 * d.completeness_score::float8 + 0.3 * COALESCE(d.outcome_score, 0)::float8) * (1.0 / (1.0 + " +
    kAgeDays + " / 90.0))";

/// Whether the row superseded one written less than 48 hours before it (a quickly revised chain).
const std::string kQuickRevision =
    "COALESCE((SELECT d.valid_from - p.valid_from < interval '48 hours' FROM decisions p "
    "WHERE p.org_id = d.org_id AND p.id = d.supersedes_id), false)";

/// Citations by current rows only: a revised citing decision must not count once per version.
const std::string kCurrentCitations = "(SELECT count(*) FROM decisions c WHERE c.org_id = d.org_id "
                                      "AND c.precedent_ref = d.id AND c.valid_to IS NULL)";

std::string selectList(const std::string& relevance)
{
    return "SELECT " + DecisionRows::columns() + ", " + relevance + " AS relevance, " + kAgeDays + " AS age_days, " +
           kQuickRevision + " AS quick_revision, " + kCurrentCitations + " AS current_citations";
}

std::string limitClause(SqlParams& params, int limit)
{
    params.add(limit);
    return " LIMIT $" + std::to_string(params.size());
}

DecisionFilterSql currentRows(SqlParams& params, const DecisionScope& scope, const DecisionFilter& filter)
{
    DecisionFilterSql where(params, scope);
    where.filter(filter);
    where.currentOnly();
    return where;
}

std::vector<SearchReader::Match> toMatches(const PgResult& result)
{
    std::vector<SearchReader::Match> matches;
    matches.reserve(static_cast<std::size_t>(result.rows()));
    for (int row = 0; row < result.rows(); ++row)
    {
        SearchReader::Match match;
        match.decision = DecisionRows::toRecord(result, row);
        match.relevance = result.real(row, "relevance");
        match.ageDays = result.real(row, "age_days");
        match.quickRevision = result.boolean(row, "quick_revision");
        match.currentCitations = result.int64(row, "current_citations");
        matches.push_back(std::move(match));
    }
    return matches;
}

const std::string kBestFirst = " ORDER BY relevance DESC, d.valid_from DESC, d.id DESC";
} // namespace

std::vector<SearchReader::Match> SearchReader::fullText(PgConnection& connection, const DecisionScope& scope,
                                                        const DecisionFilter& filter, const std::string& query,
                                                        int limit)
{
    // websearch_to_tsquery itself prints a NOTICE for a query without lexemes; to_tsvector (same parser
    // and dictionary, so the same lexemes) does not.
    const auto lexemes =
        connection.exec("SELECT length(to_tsvector('english', $1)) AS lexemes", SqlParams().add(query));
    if (lexemes.int64(0, "lexemes") == 0)
        return {};
    SqlParams params;
    auto where = currentRows(params, scope, filter);
    const std::string tsquery = "websearch_to_tsquery('english', " + where.parameter(query) + ")";
    where.condition("d.search_vector @@ " + tsquery);
    const std::string relevance = "ts_rank(d.search_vector, " + tsquery + ")::float8 * " + kTextWeight;
    const std::string page = kBestFirst + limitClause(params, limit);
    return toMatches(connection.exec(selectList(relevance) + kFrom + where.where() + page, params));
}

std::vector<SearchReader::Match> SearchReader::anyWord(PgConnection& connection, const DecisionScope& scope,
                                                       const DecisionFilter& filter,
                                                       const std::vector<std::string>& words, int limit)
{
    if (words.empty())
        return {};
    SqlParams params;
    auto where = currentRows(params, scope, filter);
    std::string anyMatches;
    std::string matchedCount;
    for (const auto& word : words)
    {
        const auto pattern = where.parameter(containsPattern(word));
        const std::string matches = "(d.outcome ILIKE " + pattern + " OR COALESCE(d.reasoning, '') ILIKE " + pattern +
                                    " OR d.decision_type ILIKE " + pattern + ")";
        anyMatches += (anyMatches.empty() ? "" : " OR ") + matches;
        matchedCount += (matchedCount.empty() ? "" : " + ") + ("(CASE WHEN " + matches + " THEN 1 ELSE 0 END)");
    }
    where.condition("(" + anyMatches + ")");
    const std::string relevance =
        "((" + matchedCount + ")::float8 / " + std::to_string(words.size()) + ".0) * " + kTextWeight;
    const std::string page = kBestFirst + limitClause(params, limit);
    return toMatches(connection.exec(selectList(relevance) + kFrom + where.where() + page, params));
}

std::vector<SearchReader::Match> SearchReader::currentEmbedded(PgConnection& connection, const DecisionScope& scope,
                                                               const DecisionFilter& filter,
                                                               const std::vector<std::string>& ids,
                                                               const std::string& embeddingModel,
                                                               std::size_t dimensions)
{
    if (ids.empty())
        return {};
    SqlParams params;
    auto where = currentRows(params, scope, filter);
    where.condition("d.id = ANY(" + where.arrayParameter(ids) + "::uuid[])");
    where.condition("d.embedding_model = ?", embeddingModel);
    where.condition("d.embedding_dimensions = ?::int", std::to_string(dimensions));
    return toMatches(connection.exec(selectList("0::float8") + kFrom + where.where(), params));
}

std::vector<std::string> SearchReader::words(const std::string& query)
{
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (!word.empty() && words.size() < kMaxWords && std::find(words.begin(), words.end(), word) == words.end())
            words.push_back(word);
        word.clear();
    };
    for (const char c : query)
    {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            flush();
        else
            word += c;
    }
    flush();
    return words;
}

std::string SearchReader::containsPattern(const std::string& word)
{
    std::string pattern = "%";
    for (const char c : word)
    {
        if (c == '\\' || c == '%' || c == '_')
            pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}
} // namespace akashi::storage
