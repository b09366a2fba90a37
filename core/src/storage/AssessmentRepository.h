#pragma once
#include "storage/AssessmentRecord.h"
#include "storage/PgConnection.h"

#include <cstdint>
#include <vector>

namespace akashi::storage
{
/// The `decision_assessments` rows. Every statement is scoped by org; the caller has already checked
/// that the decision exists in that org and is visible (services::AssessmentService). Works on a
/// connection the caller holds, so the visibility check and the statement share one lease. Stateless
/// and thread-safe; the connection is not.
class AssessmentRepository
{
public:
    AssessmentRecord insert(PgConnection& connection, const NewAssessment& assessment);

    /// Newest first (created_at, then id, descending).
    std::vector<AssessmentRecord> list(PgConnection& connection, const std::string& orgId,
                                       const std::string& decisionId, int limit, int offset);
    std::int64_t count(PgConnection& connection, const std::string& orgId, const std::string& decisionId);

    /// Counts per outcome for one decision.
    AssessmentSummary summary(PgConnection& connection, const std::string& orgId, const std::string& decisionId);
};
} // namespace akashi::storage
