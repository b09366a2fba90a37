#pragma once
#include "api/DecisionFixtures.h"
#include "auth/Principal.h"
#include "mocks/FakeEmbeddingProvider.h"
#include "mocks/FakeVectorSearch.h"
#include "services/AccessPolicy.h"
#include "services/QueryService.h"
#include "services/SearchService.h"
#include "storage/AgentRepository.h"
#include "storage/DecisionReader.h"
#include "storage/GrantRepository.h"
#include "storage/PgConnection.h"
#include "storage/SearchReader.h"
#include "support/MigratedDatabase.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace akashi::test
{
/// A migrated database with the collaborators of SearchService and QueryService::check: a fake
/// embedding provider and a fake vector index of the same vector space (kModel, kDimensions), agents
/// for RBAC, and decision rows inserted with SQL (DecisionFixtures) and marked as embedded.
class SearchFixture
{
public:
    static constexpr const char* kOrg = "00000000-0000-0000-0000-000000000000";
    static constexpr const char* kModel = "fake-model";
    static constexpr std::size_t kDimensions = 4;

    explicit SearchFixture(const std::string& label);

    storage::PgConnection& sql() { return *_sql; }
    DecisionFixtures& decisions() { return _decisions; }
    mocks::FakeEmbeddingProvider& embedder() { return *_embedder; }
    mocks::FakeVectorSearch& index() { return *_index; }
    std::shared_ptr<mocks::FakeEmbeddingProvider> sharedEmbedder() { return _embedder; }
    std::shared_ptr<mocks::FakeVectorSearch> sharedIndex() { return _index; }

    /// A service over the fixture's provider and index (either may be replaced, or null).
    services::SearchService service();
    services::SearchService service(std::shared_ptr<embedding::EmbeddingProvider> embedder,
                                    std::shared_ptr<const search::VectorSearch> vectors);
    /// A QueryService whose /v1/check uses `search` (null: none).
    services::QueryService queries(const services::SearchService* search);

    /// An agent row (for visibility) and its principal.
    auth::Principal agent(const std::string& agentId, auth::Role role, const std::vector<std::string>& tags = {},
                          const std::string& orgId = kOrg);
    /// The admin principal of kOrg (sees every agent; no agent row needed).
    static auth::Principal admin(const std::string& orgId = kOrg);

    /// Inserts a decision; returns its id.
    std::string decision(const DecisionSpec& spec) { return _decisions.insertDecision(spec); }
    /// Marks `id` as embedded by `model` with `dimensions` (the columns hydration checks).
    void markEmbedded(const std::string& id, const std::string& model = kModel, std::size_t dimensions = kDimensions);
    /// Inserts, marks embedded and adds to the index of its org with `vector`.
    std::string indexed(const DecisionSpec& spec, const std::vector<float>& vector);

    /// A spec with this outcome, valid `days` ago (RFC 3339).
    static DecisionSpec spec(const std::string& outcome, double daysAgo = 0, const std::string& agentId = "alice");
    /// RFC 3339 of now minus `days`.
    static std::string daysAgo(double days);
    /// A request for `query`.
    static services::SearchRequest request(const std::string& query, bool semantic, int limit = 10);
    /// Ids of results, in order.
    static std::vector<std::string> ids(const std::vector<services::ScoredDecision>& results);

private:
    MigratedDatabase _db;
    std::unique_ptr<storage::PgConnection> _sql;
    DecisionFixtures _decisions;
    storage::AgentRepository _agents;
    storage::GrantRepository _grants;
    services::AccessPolicy _access;
    storage::SearchReader _searchReader;
    storage::DecisionReader _decisionReader;
    std::shared_ptr<mocks::FakeEmbeddingProvider> _embedder;
    std::shared_ptr<mocks::FakeVectorSearch> _index;
};
} // namespace akashi::test
