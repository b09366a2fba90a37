#pragma once
#include "auth/Principal.h"
#include "consistency/VisibilityGate.h"
#include "consistency/VisibilityToken.h"
#include "services/AccessPolicy.h"
#include "services/QueryRequest.h"
#include "services/SearchService.h"
#include "storage/Database.h"
#include "storage/DecisionReader.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// The decision reads (reference §5): reader role and up, org-scoped, RBAC-filtered in SQL. Every
/// method resolves the caller's visibility first, then takes ONE pooled connection, waits on it for
/// `token` (VisibilityGate → 504 VISIBILITY_TIMEOUT) and reads on that same connection, so a token
/// satisfied by the gate is satisfied for the read. Thread-safe (no state besides its collaborators).
class QueryService
{
public:
    using Token = std::optional<consistency::VisibilityToken>;

    /// `search` (may be null) serves the semantic precedents of /v1/check.
    QueryService(storage::Database& database, AccessPolicy& access, storage::DecisionReader& reader,
                 consistency::VisibilityGate gate, int exportPageSize, const SearchService* search = nullptr)
        : _database(database), _access(access), _reader(reader), _gate(gate), _exportPageSize(exportPageSize),
          _search(search)
    {
    }

    /// POST /v1/query: current rows, one page, exact total.
    DecisionPage query(const auth::Principal& caller, const QueryRequest& request, const Token& token);

    /// POST /v1/query/temporal: row versions as of `request.asOf`.
    std::vector<storage::DecisionRecord> temporal(const auth::Principal& caller, const TemporalQueryRequest& request,
                                                  const Token& token);

    /// GET /v1/agents/{agent_id}/history: 403 unless the agent is visible.
    DecisionPage history(const auth::Principal& caller, const HistoryRequest& request, const Token& token);

    /// GET /v1/decisions/recent: newest current rows with alternatives.
    DecisionPage recent(const auth::Principal& caller, const RecentRequest& request, const Token& token);

    /// GET /v1/decisions/{id}: any version with alternatives and evidence; 400 for a malformed id,
    /// 404 "decision not found" (also for another org's), 403 when its agent is not visible.
    storage::DecisionRecord get(const auth::Principal& caller, const std::string& id, const Token& token);

    /// GET /v1/decisions/{id}/revisions: the visible supersedes chain; 400/403/404 as `get`.
    std::vector<storage::DecisionRecord> revisions(const auth::Principal& caller, const std::string& id,
                                                   const Token& token);

    /// POST /v1/check: precedents of the type and the type's open conflicts between visible agents.
    /// With `query` and semantic search available, precedents are SearchService's semantic results
    /// scoring at least kPrecedentThreshold; when none does (or the semantic path cannot run), full-text
    /// matches of the query, and the type's recent decisions when none match.
    CheckResult check(const auth::Principal& caller, const CheckRequest& request, const Token& token);

    /// GET /v1/export/decisions (admin): every row version matching the request, keyset-paged by
    /// (valid_from, id) in pages of `akashi.export.page_size`. `begin` runs once every check has
    /// passed (before the first page is read), then `page` once per non-empty page; only one page is
    /// held at a time. Exceptions from the callbacks propagate.
    void exportDecisions(const auth::Principal& caller, const ExportRequest& request, const Token& token,
                         const std::function<void()>& begin,
                         const std::function<void(const std::vector<storage::DecisionRecord>&)>& page);

    /// The caller's visibility as the storage layer takes it.

    /// Maximum conflicts /v1/check returns.
    static constexpr int kCheckConflictLimit = 100;
    /// Semantic precedents below this relevance are too distant to count (HEAD, issue #101).
    static constexpr double kPrecedentThreshold = 0.3;

private:
    /// One lease, gated on `token`, handed to `read`.
    template <typename Read>
    auto onVisibleConnection(const auth::Principal& caller, const Token& token, Read read);

    storage::Database& _database;
    AccessPolicy& _access;
    storage::DecisionReader& _reader;
    consistency::VisibilityGate _gate;
    int _exportPageSize;
    const SearchService* _search;
};
} // namespace akashi::services
