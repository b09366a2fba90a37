#include "services/SearchFixture.h"

#include "common/Timestamp.h"
#include "consistency/VisibilityGate.h"

#include <chrono>

namespace akashi::test
{
namespace
{
const consistency::VisibilityGate kGate{std::chrono::milliseconds(1000)};
}

SearchFixture::SearchFixture(const std::string& label)
    : _db(label), _sql(std::make_unique<storage::PgConnection>(_db.testDatabase().settings())), _decisions(*_sql),
      _agents(_db.database()), _grants(_db.database()), _access(_grants),
      _embedder(std::make_shared<mocks::FakeEmbeddingProvider>(kDimensions, kModel)),
      _index(std::make_shared<mocks::FakeVectorSearch>(kModel, kDimensions))
{
}

services::SearchService SearchFixture::service()
{
    return service(_embedder, _index);
}

services::SearchService SearchFixture::service(std::shared_ptr<embedding::EmbeddingProvider> embedder,
                                               std::shared_ptr<const search::VectorSearch> vectors)
{
    return services::SearchService(_db.database(), _access, _searchReader, kGate, std::move(embedder),
                                   std::move(vectors));
}

services::QueryService SearchFixture::queries(const services::SearchService* search)
{
    return services::QueryService(_db.database(), _access, _decisionReader, kGate, 100, search);
}

auth::Principal SearchFixture::agent(const std::string& agentId, auth::Role role,
                                     const std::vector<std::string>& tags, const std::string& orgId)
{
    storage::NewAgent row;
    row.orgId = orgId;
    row.agentId = agentId;
    row.name = agentId;
    row.role = std::string(auth::roleName(role));
    row.apiKeyHash = "unused";
    row.tags = tags;
    auth::Principal principal;
    principal.agentUuid = _agents.insert(row).id;
    principal.agentId = agentId;
    principal.orgId = orgId;
    principal.role = role;
    principal.tags = tags;
    return principal;
}

auth::Principal SearchFixture::admin(const std::string& orgId)
{
    auth::Principal principal;
    principal.agentUuid = "00000000-0000-0000-0000-0000000000ad";
    principal.agentId = "admin";
    principal.orgId = orgId;
    principal.role = auth::Role::admin;
    return principal;
}

void SearchFixture::markEmbedded(const std::string& id, const std::string& model, std::size_t dimensions)
{
    _sql->exec("UPDATE decisions SET embedding_model = $2, embedding_dimensions = $3::int, embedded_at = now() "
               "WHERE id = $1::uuid",
               storage::SqlParams().add(id).add(model).add(static_cast<std::int64_t>(dimensions)));
}

std::string SearchFixture::indexed(const DecisionSpec& spec, const std::vector<float>& vector)
{
    const auto id = decision(spec);
    markEmbedded(id);
    _index->add(spec.orgId, id, vector);
    return id;
}

DecisionSpec SearchFixture::spec(const std::string& outcome, double daysAgoValue, const std::string& agentId)
{
    DecisionSpec spec;
    spec.agentId = agentId;
    spec.outcome = outcome;
    spec.validFrom = daysAgo(daysAgoValue);
    return spec;
}

std::string SearchFixture::daysAgo(double days)
{
    using Microseconds = std::chrono::microseconds;
    const auto offset = std::chrono::duration_cast<Microseconds>(std::chrono::duration<double>(days * 86400));
    return Timestamp::toRfc3339(Timestamp::now() - offset);
}

services::SearchRequest SearchFixture::request(const std::string& query, bool semantic, int limit)
{
    services::SearchRequest request;
    request.query = query;
    request.semantic = semantic;
    request.limit = limit;
    return request;
}

std::vector<std::string> SearchFixture::ids(const std::vector<services::ScoredDecision>& results)
{
    std::vector<std::string> out;
    for (const auto& result : results)
        out.push_back(result.decision.id);
    return out;
}
} // namespace akashi::test
