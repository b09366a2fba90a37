#pragma once
#include "app/Subsystem.h"
#include "search/PipelineStatus.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace Poco::Util
{
class AbstractConfiguration;
}
namespace akashi
{
class PeriodicTask;
}
namespace akashi::storage
{
class Database;
}
namespace akashi::embedding
{
class EmbeddingProvider;
}
namespace akashi::search
{
class OutboxWorker;
class VectorIndex;
class VectorIndexFollower;
class VectorSearch;
} // namespace akashi::search

namespace akashi::app
{
/// The embedding pipeline behind semantic search and conflict detection (DESIGN §4–§5): the vector
/// index of the configured provider's model (loaded from the state directory), the follower that keeps
/// it in step with `decisions`, the outbox worker (backfill at start, then embeddings and conflicts)
/// and the archive of dead letters (akashi.search.dead_letter_archive_*). Starts after the database and
/// the plugins, before the services that search; stops in reverse: the archive loop, then the worker
/// drains (shutdown step 3), then the follower saves the index.
class SearchSubsystem final : public app::Subsystem
{
public:
    SearchSubsystem();
    ~SearchSubsystem() override;

    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;
    const char* name() const override { return "search"; }

    /// Builds and starts everything (callable without a Poco Application, for tests).
    void start(const Poco::Util::AbstractConfiguration& config, storage::Database& database,
               std::shared_ptr<embedding::EmbeddingProvider> provider);
    void stop();

    /// The index semantic search reads (null before start).
    std::shared_ptr<const search::VectorSearch> vectorSearch() const;
    std::shared_ptr<embedding::EmbeddingProvider> embeddingProvider() const { return _provider; }
    /// What /health reports; an empty status before start.
    search::PipelineStatus status() const;

    /// For tests: the worker and the follower.
    search::OutboxWorker* worker() const noexcept { return _worker.get(); }
    search::VectorIndexFollower* follower() const noexcept { return _follower.get(); }

private:
    std::shared_ptr<embedding::EmbeddingProvider> _provider;
    std::shared_ptr<search::VectorIndex> _index;
    std::unique_ptr<search::VectorIndexFollower> _follower;
    std::unique_ptr<search::OutboxWorker> _worker;
    std::unique_ptr<PeriodicTask> _archive;
    storage::Database* _database = nullptr;
    std::chrono::milliseconds _loopDrainTimeout{0};
    std::chrono::milliseconds _outboxDrainTimeout{0};
};
} // namespace akashi::app
