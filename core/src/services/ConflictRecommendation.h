#pragma once
#include "common/Timestamp.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// Which decision of an open conflict should prevail (reference §6, the `recommendation` of GET
/// /v1/conflicts/{id}). Four signals, each a number in [-1, 1] (positive favours A), are weighted and
/// summed: confidence 0.35 (cA − cB), recency 0.25 (Δt / (|Δt| + 1 day): a day newer is worth half),
/// agent win rate 0.25 (rateA − rateB, an agent with fewer than 3 decided conflicts counting as 50 %),
/// revision depth 0.15 ((dA − dB) / (dA + dB + 1): a decision revised more often has been reconsidered
/// more). The sign names the winner, the absolute sum is the recommendation's confidence, and nothing is
/// recommended unless it exceeds 0.10. Pure computation: the caller queries the inputs.
class ConflictRecommendation
{
public:
    /// One decision of the conflict and its agent's record.
    struct Side
    {
        std::string decisionId;
        std::string agentId;
        double confidence = 0;
        Timestamp::TimePoint decidedAt;
        int revisionDepth = 0;             ///< decisions it supersedes, transitively
        std::int64_t decidedConflicts = 0; ///< the agent's past conflicts resolved with a winner
        std::int64_t wonConflicts = 0;
    };

    struct Recommendation
    {
        std::string suggestedWinner;      ///< a decision id
        std::vector<std::string> reasons; ///< signals favouring the winner by ≥ kMinimumReasonWeight, strongest first
        double confidence = 0;            ///< the weighted margin, (0.10, 1], rounded to 3 decimals
    };

    static std::optional<Recommendation> recommend(const Side& a, const Side& b);

    static constexpr double kConfidenceWeight = 0.35;
    static constexpr double kRecencyWeight = 0.25;
    static constexpr double kWinRateWeight = 0.25;
    static constexpr double kRevisionWeight = 0.15;
    static constexpr double kMinimumMargin = 0.10;
    /// A signal contributing less than this is not worth a reason (e.g. two decisions a second apart).
    static constexpr double kMinimumReasonWeight = 0.01;
    /// An agent's win rate counts only with at least this many decided conflicts.
    static constexpr std::int64_t kMinimumDecided = 3;
};
} // namespace akashi::services
