#include "app/SearchSubsystem.h"

#include "app/LoopShutdown.h"
#include "app/ShutdownPhase.h"
#include "common/PeriodicTask.h"
#include "config/Duration.h"
#include "logging/Log.h"
#include "plugin/PluginSubsystem.h"
#include "search/OutboxWorker.h"
#include "search/VectorIndex.h"
#include "search/VectorIndexFollower.h"
#include "storage/Database.h"
#include "storage/DatabaseSubsystem.h"
#include "storage/OutboxRepository.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

namespace akashi::app
{
namespace
{
constexpr std::chrono::milliseconds kFollowInterval{250};
constexpr std::chrono::milliseconds kSaveInterval{30000};
} // namespace

SearchSubsystem::SearchSubsystem() = default;

SearchSubsystem::~SearchSubsystem()
{
    stop();
}

void SearchSubsystem::initialize(Poco::Util::Application& app)
{
    auto& plugins = app.getSubsystem<plugin::PluginSubsystem>();
    start(app.config(), app.getSubsystem<storage::DatabaseSubsystem>().database(), plugins.embeddingProvider());
}

void SearchSubsystem::uninitialize()
{
    stop();
}

void SearchSubsystem::start(const Poco::Util::AbstractConfiguration& config, storage::Database& database,
                            std::shared_ptr<embedding::EmbeddingProvider> provider)
{
    auto& log = Poco::Logger::get("search.index");
    _provider = std::move(provider);
    std::string dir = config.getString("akashi.search.index_dir");
    if (dir.empty())
        dir = config.getString("akashi.state_dir") + "/vector-index";
    _index = std::make_shared<search::VectorIndex>(dir, _provider->model(), _provider->dimensions());
    if (_index->load())
        logging::info(log, "vector index: loaded",
                      {{"model", _index->model()}, {"vectors", static_cast<std::int64_t>(_index->size())},
                       {"sequence", _index->appliedSequence()}, {"dir", dir}});
    else
        logging::info(log, "vector index: rebuilding from PostgreSQL", {{"model", _index->model()}, {"dir", dir}});
    _follower = std::make_unique<search::VectorIndexFollower>(database, *_index, kFollowInterval, kSaveInterval);
    _follower->start();

    search::OutboxWorker::Settings settings;
    settings.batchSize = config.getInt("akashi.search.outbox_batch_size");
    settings.pollInterval = config::getDuration(config, "akashi.search.outbox_poll_interval");
    settings.lease = config::getDuration(config, "akashi.search.outbox_lease");
    settings.drainTimeout = config::getDuration(config, "akashi.shutdown.outbox_drain_timeout");
    _database = &database;
    _outboxDrainTimeout = settings.drainTimeout;
    _loopDrainTimeout = config::getDuration(config, LoopShutdown::kTimeoutKey);
    _worker = std::make_unique<search::OutboxWorker>(database, *_provider, _index.get(), settings);
    _worker->start();

    const auto archiveAge = config::getDuration(config, "akashi.search.dead_letter_archive_age");
    _archive = std::make_unique<PeriodicTask>(
        "search outbox archive interval (akashi.search.dead_letter_archive_interval)",
        config::getDuration(config, "akashi.search.dead_letter_archive_interval"),
        [&database, archiveAge] {
            auto connection = database.connection();
            const auto archived = storage::OutboxRepository().archiveDeadLetters(*connection, archiveAge);
            if (archived > 0)
                logging::info(Poco::Logger::get("search.outbox"), "search outbox: archived dead letters",
                              {{"archived", archived}});
        },
        Poco::Logger::get("search.outbox"), "search outbox: archive failed");
}

void SearchSubsystem::stop()
{
    if (_archive)
        LoopShutdown::stop(*_archive, "dead-letter archive", _loopDrainTimeout, *_database);
    _archive.reset();
    if (_worker)
    {
        ShutdownPhase phase(3, "outbox", _outboxDrainTimeout);
        _worker->stop();
    }
    _worker.reset();
    if (_follower)
        LoopShutdown::stop([follower = _follower.get()](auto timeout, const auto& interrupt) {
            return follower->stop(timeout, interrupt);
        }, "vector index follower", _loopDrainTimeout, *_database);
    _follower.reset();
    _index.reset();
    _provider.reset();
}

std::shared_ptr<const search::VectorSearch> SearchSubsystem::vectorSearch() const
{
    return _index;
}

search::PipelineStatus SearchSubsystem::status() const
{
    search::PipelineStatus status;
    if (!_index)
        return status;
    status.embeddingModel = _provider->model();
    status.providerAvailable = _worker && _worker->providerAvailable();
    status.outboxDepth = _worker ? _worker->depth() : -1;
    status.indexedVectors = _index->size();
    status.indexCaughtUp = _follower && _follower->caughtUp();
    return status;
}
} // namespace akashi::app
