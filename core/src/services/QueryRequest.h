#pragma once
#include "storage/DecisionReader.h"
#include "storage/DecisionRecord.h"

#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// The decoded, validated requests of the decision read endpoints (the API layer checks types,
/// enums, timestamps and bounds and names the offending field; the service applies roles,
/// visibility and the visibility token). Timestamps are SQL parameters (Timestamp::toSqlParameter).
struct QueryRequest
{
    storage::DecisionFilter filter;
    bool includeAlternatives = false;
    bool includeEvidence = false;
    storage::DecisionOrder order;
    int limit = 50;
    int offset = 0;
};

struct TemporalQueryRequest
{
    std::string asOf;
    storage::DecisionFilter filter;
    int limit = 100;
};

struct HistoryRequest
{
    std::string agentId;
    std::optional<std::string> from;
    std::optional<std::string> to;
    int limit = 50;
    int offset = 0;
};

struct RecentRequest
{
    std::optional<std::string> agentId;
    std::optional<std::string> decisionType;
    int limit = 10;
    int offset = 0;
};

struct CheckRequest
{
    std::string decisionType;
    std::optional<std::string> query;
    std::optional<std::string> agentId;
    std::optional<std::string> project;
    int limit = 5;
};

/// POST /v1/search. `filter` is /v1/query's (QueryApi::decodeOptionalFilters).
struct SearchRequest
{
    std::string query; ///< non-empty, at most 4 KiB, not only whitespace
    bool semantic = false;
    storage::DecisionFilter filter;
    int limit = 10;
};

/// Which path of the search chain produced the results (docs/search.md).
enum class SearchMode
{
    semantic,
    text
};

/// One search result: the decision, its relevance (`similarity_score` on the wire) and, for results of
/// the semantic path, its 1-based position among the vector index's neighbours.
struct ScoredDecision
{
    storage::DecisionRecord decision;
    double score = 0;
    std::optional<int> annRank;
};

struct SearchResult
{
    std::vector<ScoredDecision> results;
    SearchMode mode = SearchMode::text;
};

struct ExportRequest
{
    std::optional<std::string> agentId;
    std::optional<std::string> decisionType;
    std::optional<std::string> from;
    std::optional<std::string> to;
};

/// One page of decisions and how many match (storage::DecisionReader::PageCount).
struct DecisionPage
{
    std::vector<storage::DecisionRecord> decisions;
    storage::DecisionReader::PageCount count;
};

struct CheckResult
{
    std::vector<storage::DecisionRecord> decisions;
    std::vector<storage::ConflictRecord> conflicts;
};
} // namespace akashi::services
