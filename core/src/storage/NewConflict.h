#pragma once
#include <optional>
#include <string>

namespace akashi::storage
{
/// A pair of decisions found to contradict each other, before it is stored in `scored_conflicts`.
/// decisionAId < decisionBId (uuid order), so a pair has one spelling and the unique key sees duplicates.
struct NewConflict
{
    std::string orgId;
    std::string conflictKind; ///< cross_agent | self_contradiction
    std::string decisionAId;
    std::string decisionBId;
    std::string agentA;
    std::string agentB;
    std::string decisionType; ///< decision A's
    std::optional<double> topicSimilarity;
    std::optional<double> outcomeDivergence;
    std::optional<double> significance;
    std::string scoringMethod; ///< embedding | text
    std::string explanation;
};
} // namespace akashi::storage
