#pragma once
#include <string>
#include <vector>

namespace akashi::storage
{
/// A current decision compared against a newly embedded one.
struct ConflictCandidate
{
    std::string decisionId;
    std::string agentId;
    std::string decisionType;
    std::string outcome;
    double confidence = 0;
    double validFromEpoch = 0;
    std::vector<float> vector;        ///< empty when not embedded in the detector's vector space
    std::vector<float> outcomeVector; ///< likewise
};
} // namespace akashi::storage
