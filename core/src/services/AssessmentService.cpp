#include "services/AssessmentService.h"

#include "auth/RandomId.h"
#include "common/Exception.h"

#include <algorithm>

namespace akashi::services
{
namespace
{
[[noreturn]] void invalidField(const std::string& field, const std::string& problem)
{
    throw Exception(ErrorCode::invalidInput, "invalid request body: field \"" + field + "\" " + problem);
}

void requireDecisionId(const std::string& id)
{
    if (!auth::RandomId::isUuid(id))
        throw Exception(ErrorCode::invalidInput, "decision id must be a UUID");
}
} // namespace

void AssessmentService::validateOutcome(const std::string& outcome)
{
    if (std::none_of(std::begin(kOutcomes), std::end(kOutcomes), [&](const char* allowed) { return outcome == allowed; }))
        invalidField("outcome", "must be one of correct, incorrect, partially_correct");
}

void AssessmentService::validateNotes(const std::optional<std::string>& notes)
{
    if (notes && notes->size() > kMaxNotesBytes)
        invalidField("notes", "must be at most " + std::to_string(kMaxNotesBytes) + " bytes");
}

void AssessmentService::requireVisibleDecision(storage::PgConnection& connection, const storage::DecisionScope& scope,
                                               const std::string& decisionId)
{
    const auto decision = _decisions.byId(connection, scope.orgId, decisionId);
    if (!decision)
        throw Exception(ErrorCode::notFound, "decision not found");
    const bool visible = scope.everyAgent || std::find(scope.agentIds.begin(), scope.agentIds.end(),
                                                       decision->agentId) != scope.agentIds.end();
    if (!visible)
        throw Exception(ErrorCode::forbidden, "insufficient permissions");
}

AssessmentService::Recorded AssessmentService::assess(const auth::Principal& caller, const std::string& decisionId,
                                                      const std::string& outcome,
                                                      const std::optional<std::string>& notes)
{
    AccessPolicy::requireRole(caller, auth::Role::agent);
    requireDecisionId(decisionId);
    validateOutcome(outcome);
    validateNotes(notes);
    // Visibility reads grants on a connection of its own: resolve it before taking this request's lease.
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    requireVisibleDecision(*lease, scope, decisionId);
    storage::NewAssessment row;
    row.orgId = caller.orgId;
    row.decisionId = decisionId;
    row.assessorAgentId = caller.agentId;
    row.outcome = outcome;
    row.notes = notes;
    auto recorded = _assessments.insert(*lease, row);
    return {std::move(recorded), consistency::VisibilityToken::afterCommit(*lease)};
}

AssessmentService::Page AssessmentService::list(const auth::Principal& caller, const std::string& decisionId,
                                                int limit, int offset, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    requireDecisionId(decisionId);
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    _gate.await(*lease, caller.orgId, token);
    requireVisibleDecision(*lease, scope, decisionId);
    Page page;
    page.assessments = _assessments.list(*lease, caller.orgId, decisionId, limit, offset);
    page.total = _assessments.count(*lease, caller.orgId, decisionId);
    return page;
}

storage::AssessmentSummary AssessmentService::summary(const auth::Principal& caller, const std::string& decisionId)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    requireDecisionId(decisionId);
    auto lease = _database.connection();
    return _assessments.summary(*lease, caller.orgId, decisionId);
}
} // namespace akashi::services
