#include "services/TraceService.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "integrity/ContentHash.h"
#include "services/AccessPolicy.h"
#include "storage/DecisionWriter.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <sstream>

namespace akashi::services
{
namespace
{
[[noreturn]] void invalid(const std::string& message)
{
    throw Exception(ErrorCode::invalidInput, message);
}

storage::NewDecision newDecision(const auth::Principal& caller, const TraceRequest& request)
{
    storage::NewDecision decision;
    decision.orgId = caller.orgId;
    decision.agentId = request.agentId;
    decision.traceId = request.traceId;
    decision.decisionType = request.decisionType;
    decision.outcome = request.outcome;
    decision.confidence = request.confidence;
    decision.reasoning = request.reasoning;
    decision.metadata = request.metadata;
    decision.precedentRef = request.precedentRef;
    decision.precedentReason = request.precedentReason;
    decision.supersedesId = request.supersedesId;
    decision.sessionId = request.sessionId;
    decision.agentContext = TraceService::agentContext(request);
    decision.tool = request.tool;
    decision.model = request.model;
    decision.alternatives = request.alternatives;
    decision.evidence = request.evidence;
    return decision;
}

/// Gives the decision its id, its valid_from and the content hash over both.
void stamp(storage::NewDecision& decision, Timestamp::TimePoint validFrom)
{
    decision.validFrom = validFrom;
    decision.id = auth::RandomId::uuidV4();
    decision.contentHash = integrity::ContentHash::computeV2(
        {decision.id, decision.decisionType, decision.outcome, decision.confidence, decision.validFrom, decision.reasoning});
}

/// The insert of a trace that names another agent, a precedent or a decision it revises: those are
/// checked (and the revised row locked) in the same transaction.
storage::DecisionWriter::Written checkedInsert(storage::PgConnection& connection, const auth::Principal& caller,
                                               const TraceRequest& request, storage::NewDecision& decision)
{
    // The caller's own agent exists (authentication just read it); only another agent_id is looked up.
    if (request.agentId != caller.agentId &&
        !storage::DecisionWriter::agentExists(connection, caller.orgId, request.agentId))
    {
        if (!AccessPolicy::isAdmin(caller))
            invalid("invalid request body: field \"agent_id\": agent \"" + request.agentId +
                    "\" is not registered in this organization");
        storage::DecisionWriter::registerAgent(connection, caller.orgId, request.agentId);
    }
    if (request.precedentRef && !storage::DecisionWriter::decisionExists(connection, caller.orgId, *request.precedentRef))
        invalid("invalid request body: field \"precedent_ref\": decision " + *request.precedentRef +
                " not found in this organization");

    auto validFrom = Timestamp::now();
    if (request.supersedesId)
    {
        const auto target = storage::DecisionWriter::lockForRevision(connection, caller.orgId, *request.supersedesId);
        if (!target)
            invalid("invalid request body: field \"supersedes_id\": decision " + *request.supersedesId +
                    " not found in this organization");
        if (!target->current)
            invalid("decision " + *request.supersedesId + " already superseded");
        // valid_to of the old row must not precede its valid_from, whatever the clocks say.
        validFrom = std::max(validFrom, target->validFrom);
    }
    stamp(decision, validFrom);
    return storage::DecisionWriter::insert(connection, decision);
}
} // namespace

std::optional<std::string> TraceService::agentContext(const TraceRequest& request)
{
    Poco::JSON::Object server(Poco::JSON_PRESERVE_KEY_ORDER);
    if (request.tool)
        server.set("tool", *request.tool);
    if (request.toolVersion)
        server.set("tool_version", *request.toolVersion);
    if (request.model)
        server.set("model", *request.model);
    if (server.size() == 0 && !request.context)
        return std::nullopt;
    Poco::JSON::Object context(Poco::JSON_PRESERVE_KEY_ORDER);
    if (server.size() > 0)
        context.set("server", server);
    if (request.context)
        context.set("client", Poco::JSON::Parser().parse(*request.context));
    std::ostringstream out;
    context.stringify(out);
    return out.str();
}

TraceService::Recorded TraceService::record(const auth::Principal& caller, const TraceRequest& request)
{
    AccessPolicy::requireRole(caller, auth::Role::agent);
    AccessPolicy::requireSelfOrAdmin(caller, request.agentId);

    auto decision = newDecision(caller, request);
    storage::DecisionWriter::Written written;
    consistency::VisibilityToken token;
    // The common trace (the caller's own agent, no precedent, no revision) needs no lookups: its single
    // statement is its own transaction, and the token is read on the same connection after it committed.
    // That is two round trips instead of five (BEGIN, insert, COMMIT, a second lease for the token).
    if (request.agentId == caller.agentId && !request.precedentRef && !request.supersedesId)
    {
        auto connection = _database.connection();
        stamp(decision, Timestamp::now());
        written = storage::DecisionWriter::insert(*connection, decision);
        token = consistency::VisibilityToken::afterCommit(*connection);
    }
    else
    {
        _database.transaction([&](storage::PgConnection& connection) {
            written = checkedInsert(connection, caller, request, decision);
        });
        auto lease = _database.connection();
        token = consistency::VisibilityToken::afterCommit(*lease);
    }

    if (_committed)
        _committed();
    Recorded recorded;
    recorded.runId = written.runId;
    recorded.decisionId = decision.id;
    recorded.eventCount = request.eventCount();
    recorded.token = token;
    return recorded;
}
} // namespace akashi::services
