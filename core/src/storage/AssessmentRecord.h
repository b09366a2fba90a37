#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace akashi::storage
{
/// One row of `decision_assessments`: an agent's verdict on a decision after the fact. Timestamps are
/// RFC 3339 (UTC, microseconds).
struct AssessmentRecord
{
    std::string id;
    std::string orgId;
    std::string decisionId;
    std::string assessorAgentId;
    std::string outcome; ///< correct | incorrect | partially_correct
    std::optional<std::string> notes;
    std::string createdAt;
};

/// What a caller supplies to record an assessment.
struct NewAssessment
{
    std::string orgId;
    std::string decisionId;
    std::string assessorAgentId;
    std::string outcome;
    std::optional<std::string> notes;
};

/// How a decision has been assessed so far (HEAD's `assessment_summary`).
struct AssessmentSummary
{
    std::int64_t total = 0;
    std::int64_t correct = 0;
    std::int64_t incorrect = 0;
    std::int64_t partiallyCorrect = 0;
};
} // namespace akashi::storage
