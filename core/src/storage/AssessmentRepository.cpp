#include "storage/AssessmentRepository.h"

#include "common/Timestamp.h"

namespace akashi::storage
{
namespace
{
const std::string kColumns = "id, org_id, decision_id, assessor_agent_id, outcome, notes, created_at";

AssessmentRecord toRecord(const PgResult& result, int row)
{
    AssessmentRecord record;
    record.id = result.text(row, "id");
    record.orgId = result.text(row, "org_id");
    record.decisionId = result.text(row, "decision_id");
    record.assessorAgentId = result.text(row, "assessor_agent_id");
    record.outcome = result.text(row, "outcome");
    record.notes = result.optionalText(row, "notes");
    record.createdAt = Timestamp::postgresToRfc3339(result.text(row, "created_at"));
    return record;
}
} // namespace

AssessmentRecord AssessmentRepository::insert(PgConnection& connection, const NewAssessment& assessment)
{
    return toRecord(connection.exec("INSERT INTO decision_assessments (org_id, decision_id, assessor_agent_id, "
                                    "outcome, notes) VALUES ($1::uuid, $2::uuid, $3, $4, $5) RETURNING " + kColumns,
                                    SqlParams()
                                        .add(assessment.orgId)
                                        .add(assessment.decisionId)
                                        .add(assessment.assessorAgentId)
                                        .add(assessment.outcome)
                                        .add(assessment.notes)),
                    0);
}

std::vector<AssessmentRecord> AssessmentRepository::list(PgConnection& connection, const std::string& orgId,
                                                         const std::string& decisionId, int limit, int offset)
{
    auto result = connection.exec("SELECT " + kColumns + " FROM decision_assessments "
                                  "WHERE org_id = $1::uuid AND decision_id = $2::uuid "
                                  "ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4",
                                  SqlParams().add(orgId).add(decisionId).add(limit).add(offset));
    std::vector<AssessmentRecord> records;
    for (int row = 0; row < result.rows(); ++row)
        records.push_back(toRecord(result, row));
    return records;
}

std::int64_t AssessmentRepository::count(PgConnection& connection, const std::string& orgId,
                                         const std::string& decisionId)
{
    return connection
        .exec("SELECT count(*) AS n FROM decision_assessments WHERE org_id = $1::uuid AND decision_id = $2::uuid",
              SqlParams().add(orgId).add(decisionId))
        .int64(0, "n");
}

AssessmentSummary AssessmentRepository::summary(PgConnection& connection, const std::string& orgId,
                                                const std::string& decisionId)
{
    auto result = connection.exec(
        "SELECT count(*) AS total, "
        "count(*) FILTER (WHERE outcome = 'correct') AS correct, "
        "count(*) FILTER (WHERE outcome = 'incorrect') AS incorrect, "
        "count(*) FILTER (WHERE outcome = 'partially_correct') AS partially_correct "
        "FROM decision_assessments WHERE org_id = $1::uuid AND decision_id = $2::uuid",
        SqlParams().add(orgId).add(decisionId));
    AssessmentSummary summary;
    summary.total = result.int64(0, "total");
    summary.correct = result.int64(0, "correct");
    summary.incorrect = result.int64(0, "incorrect");
    summary.partiallyCorrect = result.int64(0, "partially_correct");
    return summary;
}
} // namespace akashi::storage
