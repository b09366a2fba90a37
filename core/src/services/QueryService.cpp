#include "services/QueryService.h"

#include "auth/RandomId.h"
#include "common/Exception.h"

#include <algorithm>

namespace akashi::services
{
namespace
{
bool allows(const storage::DecisionScope& scope, const std::string& agentId)
{
    return scope.everyAgent || std::find(scope.agentIds.begin(), scope.agentIds.end(), agentId) != scope.agentIds.end();
}

[[noreturn]] void forbidden()
{
    throw Exception(ErrorCode::forbidden, "insufficient permissions");
}

void requireDecisionId(const std::string& id)
{
    if (!auth::RandomId::isUuid(id))
        throw Exception(ErrorCode::invalidInput, "decision id must be a UUID");
}
} // namespace

template <typename Read>
auto QueryService::onVisibleConnection(const auth::Principal& caller, const Token& token, Read read)
{
    // Visibility first: it reads grants on a connection of its own, which must not be taken while
    // this request already holds one (two leases per request could starve the pool).
    const auto scope = _access.decisionScope(caller);
    auto lease = _database.connection();
    _gate.await(*lease, caller.orgId, token);
    return read(*lease, scope);
}

DecisionPage QueryService::query(const auth::Principal& caller, const QueryRequest& request, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    return onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        DecisionPage page;
        page.decisions = _reader.query(connection, scope, request.filter, request.order, request.limit, request.offset,
                                       page.count);
        _reader.loadChildren(connection, scope.orgId, page.decisions, request.includeAlternatives,
                             request.includeEvidence);
        return page;
    });
}

std::vector<storage::DecisionRecord> QueryService::temporal(const auth::Principal& caller,
                                                            const TemporalQueryRequest& request, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    return onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        return _reader.asOf(connection, scope, request.filter, request.asOf, request.limit);
    });
}

DecisionPage QueryService::history(const auth::Principal& caller, const HistoryRequest& request, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    return onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        if (!allows(scope, request.agentId))
            forbidden();
        storage::DecisionFilter filter;
        filter.agentIds = std::vector<std::string>{request.agentId};
        filter.from = request.from;
        filter.to = request.to;
        DecisionPage page;
        page.decisions = _reader.query(connection, scope, filter, {}, request.limit, request.offset, page.count);
        return page;
    });
}

DecisionPage QueryService::recent(const auth::Principal& caller, const RecentRequest& request, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    return onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        storage::DecisionFilter filter;
        if (request.agentId)
            filter.agentIds = std::vector<std::string>{*request.agentId};
        filter.decisionType = request.decisionType;
        DecisionPage page;
        page.decisions = _reader.query(connection, scope, filter, {}, request.limit, request.offset, page.count);
        _reader.loadChildren(connection, scope.orgId, page.decisions, true, false);
        return page;
    });
}

storage::DecisionRecord QueryService::get(const auth::Principal& caller, const std::string& id, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    requireDecisionId(id);
    return onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        auto decision = _reader.byId(connection, caller.orgId, id);
        if (!decision)
            throw Exception(ErrorCode::notFound, "decision not found");
        if (!allows(scope, decision->agentId))
            forbidden();
        std::vector<storage::DecisionRecord> one{std::move(*decision)};
        _reader.loadChildren(connection, caller.orgId, one, true, true);
        return std::move(one.front());
    });
}

std::vector<storage::DecisionRecord> QueryService::revisions(const auth::Principal& caller, const std::string& id,
                                                             const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    requireDecisionId(id);
    return onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        const auto decision = _reader.byId(connection, caller.orgId, id);
        if (!decision)
            throw Exception(ErrorCode::notFound, "decision not found");
        if (!allows(scope, decision->agentId))
            forbidden();
        return _reader.revisions(connection, scope, id);
    });
}

CheckResult QueryService::check(const auth::Principal& caller, const CheckRequest& request, const Token& token)
{
    AccessPolicy::requireRole(caller, auth::Role::reader);
    // Embedding happens before the connection is taken (SearchService::nearest).
    const auto hits = request.query && _search ? _search->nearest(caller.orgId, *request.query, request.limit)
                                               : std::nullopt;
    return onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        storage::DecisionFilter filter;
        filter.decisionType = request.decisionType;
        if (request.agentId)
            filter.agentIds = std::vector<std::string>{*request.agentId};
        filter.project = request.project;
        CheckResult result;
        if (hits && !hits->empty())
            for (auto& candidate : _search->rank(connection, scope, filter, *hits, request.limit))
                if (candidate.score >= kPrecedentThreshold)
                    result.decisions.push_back(std::move(candidate.decision));
        // Nothing close enough by meaning (a lexical provider scores lower than a neural model): the
        // query's words may still find precedents, and failing that the type's recent decisions.
        if (result.decisions.empty() && request.query)
            result.decisions = _reader.precedents(connection, scope, filter, request.query, request.limit);
        if (result.decisions.empty())
            result.decisions = _reader.precedents(connection, scope, filter, std::nullopt, request.limit);
        result.conflicts =
            _reader.openConflicts(connection, scope, request.decisionType, request.project, kCheckConflictLimit);
        return result;
    });
}

void QueryService::exportDecisions(const auth::Principal& caller, const ExportRequest& request, const Token& token,
                                   const std::function<void()>& begin,
                                   const std::function<void(const std::vector<storage::DecisionRecord>&)>& page)
{
    AccessPolicy::requireRole(caller, auth::Role::admin);
    onVisibleConnection(caller, token, [&](storage::PgConnection& connection, const storage::DecisionScope& scope) {
        storage::DecisionFilter filter;
        if (request.agentId)
            filter.agentIds = std::vector<std::string>{*request.agentId};
        filter.decisionType = request.decisionType;
        filter.from = request.from;
        filter.to = request.to;
        begin();
        std::optional<storage::DecisionReader::Cursor> after;
        for (;;)
        {
            const auto decisions = _reader.exportPage(connection, scope, filter, after, _exportPageSize);
            if (decisions.empty())
                break;
            page(decisions);
            if (static_cast<int>(decisions.size()) < _exportPageSize)
                break;
            after = storage::DecisionReader::Cursor{decisions.back().validFrom, decisions.back().id};
        }
        return 0;
    });
}
} // namespace akashi::services
