#pragma once
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// What the outbox worker embeds for one decision, and what the conflict detector compares it by.
struct EmbeddingSource
{
    struct Evidence
    {
        std::string id;
        std::string content;
    };

    std::string decisionId;
    std::string orgId;
    std::string agentId;
    std::string decisionType;
    std::string outcome;
    std::optional<std::string> reasoning;
    double confidence = 0;
    double validFromEpoch = 0; ///< seconds since 1970, fractional
    bool current = false;      ///< valid_to IS NULL: only current decisions are embedded
    std::vector<Evidence> evidence;
};

/// Vectors computed for one EmbeddingSource.
struct ComputedEmbedding
{
    struct Evidence
    {
        std::string id;
        std::vector<float> vector;
    };

    std::string decisionId;
    std::string orgId;
    std::vector<float> decision; ///< "<type>: <outcome> <reasoning>"
    std::vector<float> outcome;  ///< outcome alone (conflicts compare outcomes); may be empty
    std::vector<Evidence> evidence; ///< only the evidence that could be embedded
};
} // namespace akashi::storage
