#include "api/AssessmentsApi.h"

#include "api/ReadAfterWrite.h"
#include "api/RunJson.h"
#include "http/QueryParams.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/JsonValues.h"
#include "json/ObjectReader.h"

#include <Poco/JSON/Array.h>

namespace akashi::api
{
Poco::JSON::Object::Ptr AssessmentsApi::assessmentJson(const storage::AssessmentRecord& assessment)
{
    auto json = json::orderedObject();
    json->set("id", assessment.id);
    json->set("decision_id", assessment.decisionId);
    json->set("org_id", assessment.orgId);
    json->set("assessor_agent_id", assessment.assessorAgentId);
    json->set("outcome", assessment.outcome);
    if (assessment.notes)
        json->set("notes", *assessment.notes);
    json->set("created_at", assessment.createdAt);
    return json;
}

Poco::JSON::Object::Ptr AssessmentsApi::summaryJson(const storage::AssessmentSummary& summary)
{
    auto json = json::orderedObject();
    json->set("total", summary.total);
    json->set("correct", summary.correct);
    json->set("incorrect", summary.incorrect);
    json->set("partially_correct", summary.partiallyCorrect);
    return json;
}

void AssessmentsApi::assess(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                            Poco::Net::HTTPServerResponse& response)
{
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    const auto outcome = body.requiredString("outcome", {1, 64});
    // Longer notes are refused by the service with its own message; this bound only stops absurd bodies
    // from being copied around first.
    const auto notes = body.optionalString("notes", {0, context.maxBodyBytes()});
    if (notes && !RunJson::storableText(*notes))
        body.fail("notes", "must be valid UTF-8 without NUL characters");
    body.finish();
    const auto recorded = _assessments.assess(context.principal(), context.pathParam("id"), outcome, notes);
    ReadAfterWrite::writeData(response, context, 201, assessmentJson(recorded.assessment), recorded.token);
}

void AssessmentsApi::list(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                          Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const int limit = query.limit(kDefaultLimit);
    const int offset = query.offset();
    const auto page = _assessments.list(context.principal(), context.pathParam("id"), limit, offset,
                                        ReadAfterWrite::fromQuery(query));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& assessment : page.assessments)
        items->add(assessmentJson(assessment));
    http::ResponseWriter::writePage(response, context, items, page.total, limit, offset);
}
} // namespace akashi::api
