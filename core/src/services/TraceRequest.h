#pragma once
#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// One alternative the agent considered (`decision.alternatives[]`).
struct TraceAlternative
{
    std::string label;
    std::optional<std::string> rejectionReason;
    std::string metadata = "{}"; ///< JSON object text
};

/// One piece of evidence (`decision.evidence[]`).
struct TraceEvidence
{
    std::string sourceType;
    std::optional<std::string> sourceUri;
    std::string content;
    std::optional<float> relevanceScore;
    std::string metadata = "{}"; ///< JSON object text
};

/// `POST /v1/trace` decoded and validated (api::TraceRequestDecoder): every limit of the reference is
/// already enforced, `decisionType` is lower-cased, and `metadata` carries `original_decision_type`
/// when lower-casing changed it. What is left for the service is what needs the caller or the database
/// (permissions, agent registration, precedent/supersedes lookups).
struct TraceRequest
{
    std::string agentId;
    std::optional<std::string> traceId;
    std::string metadata = "{}"; ///< the decision's metadata, JSON object text

    std::string decisionType;
    std::string outcome;
    float confidence = 0; ///< float32, as stored in `decisions.confidence real` and hashed
    std::optional<std::string> reasoning;
    std::vector<TraceAlternative> alternatives;
    std::vector<TraceEvidence> evidence;

    std::optional<std::string> precedentRef; ///< uuid (lowercase)
    std::optional<std::string> precedentReason;
    std::optional<std::string> supersedesId; ///< uuid (lowercase)
    std::optional<std::string> context;      ///< `context` object text → agent_context.client

    // From headers.
    std::optional<std::string> sessionId;   ///< X-Akashi-Session (uuid)
    std::optional<std::string> tool;        ///< User-Agent product, e.g. "akashi-go"
    std::optional<std::string> toolVersion; ///< User-Agent version, e.g. "0.4.1"
    std::optional<std::string> model;       ///< X-Model

    /// The reference's `event_count`: the decision plus its alternatives and evidence.
    int eventCount() const { return static_cast<int>(alternatives.size() + evidence.size()) + 1; }
};
} // namespace akashi::services
