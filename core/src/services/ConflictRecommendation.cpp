#include "services/ConflictRecommendation.h"

#include <Poco/NumberFormatter.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace akashi::services
{
namespace
{
using Side = ConflictRecommendation::Side;

/// One weighted signal and how to explain it for either winner.
struct Signal
{
    double weighted = 0; ///< positive favours A
    std::string reasonForA;
    std::string reasonForB;
};

std::string fixed(double value, int decimals)
{
    return Poco::NumberFormatter::format(value, decimals);
}

std::optional<double> winRate(const Side& side)
{
    if (side.decidedConflicts < ConflictRecommendation::kMinimumDecided)
        return std::nullopt;
    return static_cast<double>(side.wonConflicts) / static_cast<double>(side.decidedConflicts);
}

std::string trackRecord(const Side& side)
{
    if (!winRate(side))
        return side.agentId + " has fewer than " + std::to_string(ConflictRecommendation::kMinimumDecided) +
               " decided conflicts";
    return side.agentId + " won " + std::to_string(side.wonConflicts) + " of " + std::to_string(side.decidedConflicts) +
           " decided conflicts";
}

std::string elapsed(double hours)
{
    return hours < 48 ? fixed(hours, 1) + " hours" : fixed(hours / 24, 1) + " days";
}

Signal confidence(const Side& a, const Side& b)
{
    auto reason = [](const Side& winner, const Side& loser) {
        return "higher confidence (" + fixed(winner.confidence, 2) + " vs " + fixed(loser.confidence, 2) + ")";
    };
    return {ConflictRecommendation::kConfidenceWeight * (a.confidence - b.confidence), reason(a, b), reason(b, a)};
}

Signal recency(const Side& a, const Side& b)
{
    const double hours = std::chrono::duration<double, std::ratio<3600>>(a.decidedAt - b.decidedAt).count();
    const std::string reason = "more recent (decided " + elapsed(std::abs(hours)) + " later)";
    return {ConflictRecommendation::kRecencyWeight * hours / (std::abs(hours) + 24.0), reason, reason};
}

Signal agentWinRate(const Side& a, const Side& b)
{
    // Without a track record an agent counts as even, so one proven agent still tells something.
    const double difference = winRate(a).value_or(0.5) - winRate(b).value_or(0.5);
    auto reason = [](const Side& winner, const Side& loser) {
        return "better agent track record (" + trackRecord(winner) + "; " + trackRecord(loser) + ")";
    };
    return {ConflictRecommendation::kWinRateWeight * difference, reason(a, b), reason(b, a)};
}

Signal revisionDepth(const Side& a, const Side& b)
{
    const double share = (a.revisionDepth - b.revisionDepth) / (a.revisionDepth + b.revisionDepth + 1.0);
    auto reason = [](const Side& winner, const Side& loser) {
        return "revised more often (" + std::to_string(winner.revisionDepth) + " earlier versions vs " +
               std::to_string(loser.revisionDepth) + ")";
    };
    return {ConflictRecommendation::kRevisionWeight * share, reason(a, b), reason(b, a)};
}
} // namespace

std::optional<ConflictRecommendation::Recommendation> ConflictRecommendation::recommend(const Side& a, const Side& b)
{
    std::vector<Signal> signals{confidence(a, b), recency(a, b), agentWinRate(a, b), revisionDepth(a, b)};
    double total = 0;
    for (const auto& signal : signals)
        total += signal.weighted;
    const double margin = std::min(std::abs(total), 1.0);
    if (margin <= kMinimumMargin)
        return std::nullopt;

    const bool forA = total > 0;
    std::stable_sort(signals.begin(), signals.end(),
                     [](const Signal& x, const Signal& y) { return std::abs(x.weighted) > std::abs(y.weighted); });
    Recommendation recommendation;
    recommendation.suggestedWinner = forA ? a.decisionId : b.decisionId;
    for (const auto& signal : signals)
        if ((forA ? signal.weighted : -signal.weighted) >= kMinimumReasonWeight)
            recommendation.reasons.push_back(forA ? signal.reasonForA : signal.reasonForB);
    recommendation.confidence = std::round(margin * 1000) / 1000;
    return recommendation;
}
} // namespace akashi::services
