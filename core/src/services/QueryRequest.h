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
