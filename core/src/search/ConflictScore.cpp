#include "search/ConflictScore.h"

#include <algorithm>
#include <cmath>

namespace akashi::search
{
double ConflictScore::cosine(const std::vector<float>& a, const std::vector<float>& b)
{
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    {
        dot += static_cast<double>(a[i]) * b[i];
        na += static_cast<double>(a[i]) * a[i];
        nb += static_cast<double>(b[i]) * b[i];
    }
    if (na == 0 || nb == 0)
        return 0;
    return dot / (std::sqrt(na) * std::sqrt(nb));
}

std::optional<ConflictScore> ConflictScore::of(const Side& a, const Side& b)
{
    if (!a.vector || !b.vector || a.vector->empty() || a.vector->size() != b.vector->size())
        return std::nullopt;
    auto zero = [](const std::vector<float>& v) {
        for (float x : v)
            if (x != 0.0f)
                return false;
        return true;
    };
    // A zero vector (the noop provider's) has no direction to compare.
    if (zero(*a.vector) || zero(*b.vector))
        return std::nullopt;
    ConflictScore score;
    score.topicSimilarity = std::max(0.0, cosine(*a.vector, *b.vector));
    const bool outcomes = a.outcomeVector && b.outcomeVector && !a.outcomeVector->empty() &&
                          a.outcomeVector->size() == b.outcomeVector->size();
    // Without outcome vectors the outcomes are only known to differ as text: count them as fully divergent.
    score.outcomeSimilarity = outcomes ? std::max(0.0, cosine(*a.outcomeVector, *b.outcomeVector)) : 0.0;
    score.outcomeDivergence = 1.0 - score.outcomeSimilarity;
    score.confidenceWeight = std::sqrt(std::max(0.0, a.confidence * b.confidence));
    const double days = std::fabs(a.validFromEpoch - b.validFromEpoch) / 86400.0;
    score.temporalDecay = std::exp(-0.01 * days);
    score.significance = score.topicSimilarity * score.outcomeDivergence * score.confidenceWeight * score.temporalDecay;
    return score;
}
} // namespace akashi::search
