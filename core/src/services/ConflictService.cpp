#include "services/ConflictService.h"

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

[[noreturn]] void forbidden()
{
    throw Exception(ErrorCode::forbidden, "insufficient permissions");
}

[[noreturn]] void conflictNotFound()
{
    throw Exception(ErrorCode::notFound, "conflict not found");
}

void requireUuid(const std::string& what, const std::string& id)
{
    if (!auth::RandomId::isUuid(id))
        throw Exception(ErrorCode::invalidInput, what + " must be a UUID");
}

bool allows(const storage::DecisionScope& scope, const std::string& agentId)
{
    return scope.everyAgent || std::find(scope.agentIds.begin(), scope.agentIds.end(), agentId) != scope.agentIds.end();
}

/// Reference §2: a conflict is visible only when both of its agents are.
bool visible(const storage::DecisionScope& scope, const storage::ConflictRecord& conflict)
{
    return allows(scope, conflict.agentA) && allows(scope, conflict.agentB);
}

/// A time this server encoded itself (ConflictRows), back as an instant.
Timestamp::TimePoint instant(const std::string& rfc3339)
{
    const auto parsed = Timestamp::parseRfc3339(rfc3339);
    if (!parsed)
        throw Exception(ErrorCode::internal, "unreadable decision time " + rfc3339);
    return *parsed;
}

[[noreturn]] void notOpen(const std::string& status)
{
    throw Exception(ErrorCode::conflict,
                    status == "resolved" ? "conflict already resolved" : "conflict already marked " + status);
}

/// The checks of a PATCH that need no database; the pair check follows once the row is read.
void checkValues(const ConflictService::StatusChange& change)
{
    if (change.status != "resolved" && change.status != "false_positive")
        invalidField("status", "must be \"resolved\" or \"false_positive\"");
    if (change.winningDecisionId)
    {
        if (change.status != "resolved")
            invalidField("winning_decision_id", "is only allowed when status is \"resolved\"");
        if (!auth::RandomId::isUuid(*change.winningDecisionId))
            invalidField("winning_decision_id", "must be a UUID");
    }
    if (change.resolutionNote && change.resolutionNote->size() > ConflictService::kMaxResolutionNoteBytes)
        invalidField("resolution_note",
                     "must be at most " + std::to_string(ConflictService::kMaxResolutionNoteBytes) + " bytes");
    if (!change.falsePositiveLabel)
        return;
    if (change.status != "false_positive")
        invalidField("false_positive_label", "is only allowed when status is \"false_positive\"");
    if (*change.falsePositiveLabel != "unrelated_false_positive" &&
        *change.falsePositiveLabel != "related_not_contradicting")
        invalidField("false_positive_label", "must be \"unrelated_false_positive\" or \"related_not_contradicting\"");
}

/// The label stored: every false positive has one (the reference's default), nothing else does.
std::optional<std::string> labelFor(const ConflictService::StatusChange& change)
{
    if (change.status != "false_positive")
        return std::nullopt;
    return change.falsePositiveLabel.value_or("unrelated_false_positive");
}
} // namespace

ConflictService::Page ConflictService::list(const auth::Principal& caller,
                                            const storage::ConflictRepository::Filter& filter, int limit, int offset,
                                            const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    // Visibility reads grants on a lease of its own: resolved before this request takes its lease.
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    _gate.await(*lease, caller.orgId, token);
    Page page;
    page.conflicts = _conflicts.list(*lease, scope, filter, limit, offset, page.total);
    return page;
}

ConflictService::Detail ConflictService::get(const auth::Principal& caller, const std::string& id, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    requireUuid("conflict id", id);
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    _gate.await(*lease, caller.orgId, token);
    auto conflict = _conflicts.byId(*lease, caller.orgId, id);
    if (!conflict)
        conflictNotFound();
    if (!visible(scope, *conflict))
        forbidden();
    Detail detail{std::move(*conflict), std::nullopt};
    if (detail.conflict.status == "open")
        detail.recommendation = recommend(*lease, scope, detail.conflict);
    return detail;
}

ConflictService::Updated ConflictService::patch(const auth::Principal& caller, const std::string& id,
                                                const StatusChange& change)
{
    AccessPolicy::requireRole(caller, auth::Role::agent);
    requireUuid("conflict id", id);
    checkValues(change);
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    const auto current = _conflicts.byId(*lease, caller.orgId, id);
    if (!current)
        conflictNotFound();
    if (!visible(scope, *current))
        forbidden();
    if (current->status != "open")
        notOpen(current->status);
    if (change.winningDecisionId && *change.winningDecisionId != current->decisionAId &&
        *change.winningDecisionId != current->decisionBId)
        invalidField("winning_decision_id", "must be decision_a_id or decision_b_id of the conflict");

    storage::ConflictRepository::StatusChange write;
    write.status = change.status;
    write.resolvedBy = caller.agentId;
    write.resolutionNote = change.resolutionNote;
    write.winningDecisionId = change.winningDecisionId;
    write.falsePositiveLabel = labelFor(change);
    auto updated = _conflicts.updateStatus(*lease, caller.orgId, id, write);
    if (!updated)
    {
        // Another PATCH changed it between the read above and this write.
        const auto now = _conflicts.byId(*lease, caller.orgId, id);
        if (!now)
            conflictNotFound();
        notOpen(now->status);
    }
    return {std::move(*updated), consistency::VisibilityToken::afterCommit(*lease)};
}

ConflictService::Page ConflictService::forDecision(const auth::Principal& caller, const std::string& decisionId,
                                                   const std::optional<std::string>& status, int limit, int offset,
                                                   const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    requireUuid("decision id", decisionId);
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    _gate.await(*lease, caller.orgId, token);
    const auto decision = _decisions.byId(*lease, caller.orgId, decisionId);
    if (!decision)
        throw Exception(ErrorCode::notFound, "decision not found");
    if (!allows(scope, decision->agentId))
        forbidden();
    Page page;
    page.conflicts = _conflicts.forDecision(*lease, scope, decisionId, status, limit, offset, page.total);
    return page;
}

std::optional<ConflictRecommendation::Recommendation> ConflictService::recommend(
    storage::PgConnection& connection, const storage::DecisionScope& scope, const storage::ConflictRecord& conflict)
{
    auto side = [&](const std::string& decisionId, const std::string& agentId, double confidence,
                    const std::string& decidedAt) {
        ConflictRecommendation::Side s;
        s.decisionId = decisionId;
        s.agentId = agentId;
        s.confidence = confidence;
        s.decidedAt = instant(decidedAt);
        s.revisionDepth = _conflicts.revisionDepth(connection, scope.orgId, decisionId);
        const auto record = _conflicts.winRecord(connection, scope, agentId);
        s.decidedConflicts = record.decided;
        s.wonConflicts = record.wins;
        return s;
    };
    return ConflictRecommendation::recommend(
        side(conflict.decisionAId, conflict.agentA, conflict.confidenceA, conflict.decidedAtA),
        side(conflict.decisionBId, conflict.agentB, conflict.confidenceB, conflict.decidedAtB));
}
} // namespace akashi::services
