#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// One row of `alternatives`. Timestamps are RFC 3339 (UTC, microseconds); metadata is JSON text.
struct AlternativeRecord
{
    std::string id;
    std::string decisionId;
    std::string label;
    std::optional<std::string> rejectionReason;
    std::string metadata = "{}";
    std::string createdAt;
};

/// One row of `evidence` (its embedding never leaves the server).
struct EvidenceRecord
{
    std::string id;
    std::string decisionId;
    std::string orgId;
    std::string sourceType;
    std::optional<std::string> sourceUri;
    std::string content;
    std::optional<double> relevanceScore;
    std::optional<std::string> metrics; ///< JSON text, present only when the trace supplied metrics
    std::string metadata = "{}";
    std::string createdAt;
};

/// One row version of `decisions` (current when `validTo` is empty), with the counters the reference
/// computes at read time. `alternatives` / `evidence` are loaded only when a read asks for them.
struct DecisionRecord
{
    std::string id;
    std::string runId;
    std::string agentId;
    std::string orgId;
    std::string decisionType;
    std::string outcome;
    double confidence = 0;
    std::optional<std::string> reasoning;
    std::string metadata = "{}";
    double completenessScore = 0;
    std::optional<double> outcomeScore;
    std::optional<std::string> precedentRef;
    std::optional<std::string> precedentReason;
    std::optional<std::string> supersedesId;
    std::optional<std::string> contentHash;
    std::string validFrom;
    std::optional<std::string> validTo;
    std::string transactionTime;
    std::string createdAt;
    std::optional<std::string> sessionId;
    std::optional<std::string> agentContext; ///< JSON text
    std::optional<std::string> tool;
    std::optional<std::string> model;
    std::optional<std::string> project;
    std::optional<std::string> apiKeyId;

    std::int64_t conflictCount = 0;           ///< open scored_conflicts involving this row
    std::int64_t precedentCitationCount = 0;  ///< rows of the org citing it as precedent_ref
    std::optional<double> supersessionVelocityHours; ///< valid_from → its successor's valid_from

    std::optional<std::vector<AlternativeRecord>> alternatives;
    std::optional<std::vector<EvidenceRecord>> evidence;
};

/// One row of `scored_conflicts` joined with both decisions (the HEAD fields the table has).
struct ConflictRecord
{
    std::string id;
    std::string orgId;
    std::string conflictKind;
    std::string decisionAId;
    std::string decisionBId;
    std::string agentA;
    std::string agentB;
    std::string runA;
    std::string runB;
    std::string decisionType;
    std::string decisionTypeA;
    std::string decisionTypeB;
    std::string outcomeA;
    std::string outcomeB;
    double confidenceA = 0;
    double confidenceB = 0;
    std::optional<std::string> reasoningA;
    std::optional<std::string> reasoningB;
    std::string decidedAtA;
    std::string decidedAtB;
    std::string detectedAt;
    std::optional<double> topicSimilarity;
    std::optional<double> outcomeDivergence;
    std::optional<double> significance;
    std::optional<std::string> scoringMethod;
    std::optional<std::string> explanation;
    std::optional<std::string> relationship;
    std::optional<std::string> category;
    std::optional<std::string> severity;
    std::string status;
    std::optional<std::string> resolvedBy;
    std::optional<std::string> resolvedAt;
    std::optional<std::string> resolutionNote;
    std::optional<std::string> resolutionDecisionId;
    std::optional<std::string> winningDecisionId;
    std::optional<std::string> falsePositiveLabel; ///< only on false_positive rows
    std::optional<std::string> groupId;
    std::optional<std::string> projectA;
    std::optional<std::string> projectB;
};

/// Which rows of an org a read may return: every agent's, or exactly `agentIds` (RBAC pushed into SQL so
/// that totals stay exact).
struct DecisionScope
{
    std::string orgId;
    bool everyAgent = false;
    std::vector<std::string> agentIds;
};

/// Filters of /v1/query and its relatives; an empty member does not filter. Timestamps are SQL
/// parameters (Timestamp::toSqlParameter); `from`/`to` bound valid_from inclusively.
struct DecisionFilter
{
    std::optional<std::vector<std::string>> agentIds;
    std::optional<std::string> runId;
    std::optional<std::string> decisionType;
    std::optional<double> confidenceMin;
    std::optional<std::string> outcome;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::optional<std::string> sessionId;
    std::optional<std::string> tool;
    std::optional<std::string> model;
    std::optional<std::string> project;
    std::optional<std::string> traceId; ///< via agent_runs.trace_id
};

/// ORDER BY of /v1/query: `column` is one of the whitelisted names (DecisionFilterSql::orderColumns);
/// ties break by id in the same direction so pages are stable.
struct DecisionOrder
{
    std::string column = "valid_from";
    bool descending = true;
};
} // namespace akashi::storage
