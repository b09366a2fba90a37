#pragma once
#include <optional>
#include <vector>

namespace akashi::search
{
/// The reference's semantic significance of a pair of decisions (§6, HEAD):
/// topic_similarity × outcome_divergence × sqrt(confidence_a × confidence_b) × exp(−0.01 × days apart),
/// where topic similarity is the cosine of the decision vectors and outcome divergence is one minus the
/// cosine of the outcome vectors.
struct ConflictScore
{
    double topicSimilarity = 0;
    double outcomeSimilarity = 0;
    double outcomeDivergence = 0;
    double confidenceWeight = 0;
    double temporalDecay = 0;
    double significance = 0;

    struct Side
    {
        const std::vector<float>* vector;
        const std::vector<float>* outcomeVector;
        double confidence;
        double validFromEpoch;
    };

    /// Nothing when either side lacks a vector, has a zero one, or they differ in length.
    static std::optional<ConflictScore> of(const Side& a, const Side& b);

    /// Cosine similarity; 0 when either vector is zero.
    static double cosine(const std::vector<float>& a, const std::vector<float>& b);
};
} // namespace akashi::search
