#pragma once
#include "http/RouteHandler.h"
#include "services/AssessmentService.h"

#include <Poco/JSON/Object.h>

namespace akashi::api
{
/// Decision assessments (reference HEAD): `POST /v1/decisions/{id}/assess` (agent+) records the caller's
/// verdict, `GET /v1/decisions/{id}/assessments` (reader+) lists them newest first.
class AssessmentsApi
{
public:
    explicit AssessmentsApi(services::AssessmentService& assessments) : _assessments(assessments) {}

    /// Body `{outcome*, notes?}` (unknown fields → 400) → 201 with the assessment.
    void assess(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// `?limit=50&offset=0` → list envelope of assessments with the exact total.
    void list(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

    /// The wire shape: `{id, decision_id, org_id, assessor_agent_id, outcome, notes?, created_at}`.
    static Poco::JSON::Object::Ptr assessmentJson(const storage::AssessmentRecord& assessment);
    /// `{total, correct, incorrect, partially_correct}`.
    static Poco::JSON::Object::Ptr summaryJson(const storage::AssessmentSummary& summary);

    static constexpr int kDefaultLimit = 50;

private:
    services::AssessmentService& _assessments;
};
} // namespace akashi::api
