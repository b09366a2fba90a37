#include "search/OutboxWorker.h"

#include "logging/Log.h"
#include "storage/Database.h"
#include "telemetry/MetricsRegistry.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <Poco/Logger.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace akashi::search
{
namespace
{
Poco::Logger& outboxLog()
{
    return Poco::Logger::get("search.outbox");
}

constexpr std::chrono::milliseconds kFirstPause{1000};
constexpr std::chrono::milliseconds kLongestPause{60000};
constexpr int kBackfillBatch = 5000;

std::vector<std::int64_t> idsOf(const std::vector<storage::OutboxEntry>& entries)
{
    std::vector<std::int64_t> ids;
    for (const auto& e : entries)
        ids.push_back(e.id);
    return ids;
}
} // namespace

OutboxWorker::OutboxWorker(storage::Database& database, embedding::EmbeddingProvider& provider,
                           const VectorSearch* index, Settings settings)
    : _database(database), _provider(provider), _settings(settings), _model(provider.model()),
      _dimensions(static_cast<int>(provider.dimensions())), _embedder(provider),
      _detector(index, _model, _dimensions),
      _depthGauge(telemetry::MetricsRegistry::global().gauge("akashi.outbox.depth",
                                                             "search_outbox entries waiting (under the attempt limit)", "1")),
      _conflictsDetected(telemetry::MetricsRegistry::global().counter("akashi.conflicts.detected",
                                                                     "Conflicts stored by the detector", "1"))
{
}

OutboxWorker::~OutboxWorker()
{
    stop();
}

void OutboxWorker::start()
{
    _thread = std::thread([this] { run(); });
}

void OutboxWorker::stop()
{
    {
        std::lock_guard lock(_mutex);
        if (_stopping)
            return;
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

std::int64_t OutboxWorker::backfill()
{
    auto connection = _database.connection();
    std::int64_t total = 0;
    while (true)
    {
        const auto queued = _outbox.enqueueUnembedded(*connection, _model, _dimensions, kBackfillBatch);
        if (queued == 0)
            break;
        total += queued;
        logging::info(outboxLog(), "embedding backfill: queued decisions",
                      {{"queued", queued}, {"total", total}, {"model", _model}, {"dimensions", _dimensions}});
        std::lock_guard lock(_mutex);
        if (_stopping)
            break;
    }
    logging::info(outboxLog(), "embedding backfill: done", {{"queued", total}, {"model", _model}, {"dimensions", _dimensions}});
    return total;
}

void OutboxWorker::run()
{
    try
    {
        backfill();
    }
    catch (const std::exception& e)
    {
        // The decisions stay unembedded until the next start; search falls back to text for them.
        logging::error(outboxLog(), "embedding backfill: failed", {{"error", e.what()}});
    }
    std::optional<std::chrono::steady_clock::time_point> drainingSince;
    while (true)
    {
        bool stopping;
        {
            std::lock_guard lock(_mutex);
            stopping = _stopping;
        }
        if (stopping && !drainingSince)
            drainingSince = std::chrono::steady_clock::now();
        std::size_t claimed = 0;
        try
        {
            claimed = processOnce();
        }
        catch (const std::exception& e)
        {
            logging::error(outboxLog(), "search outbox: pass failed", {{"error", e.what()}});
            _pause = std::clamp(_pause * 2, kFirstPause, kLongestPause);
        }
        if (stopping)
        {
            // Draining: go on while there is work and a provider to do it, within the timeout.
            const bool timedOut = _settings.drainTimeout.count() > 0 &&
                                  std::chrono::steady_clock::now() - *drainingSince >= _settings.drainTimeout;
            if (claimed == 0 || !_providerAvailable.load())
                return;
            if (timedOut)
            {
                logging::warn(outboxLog(), "search outbox: drain timed out",
                              {{"hint", "the remaining entries stay in search_outbox and are processed at the next start"}});
                return;
            }
            continue;
        }
        if (claimed == static_cast<std::size_t>(_settings.batchSize) && _pause.count() == 0)
            continue; // more is waiting
        std::unique_lock lock(_mutex);
        _wake.wait_for(lock, std::max(_settings.pollInterval, _pause), [this] { return _stopping; });
    }
}

std::size_t OutboxWorker::processOnce()
{
    std::vector<storage::OutboxEntry> entries;
    {
        auto connection = _database.connection();
        entries = _outbox.claim(*connection, _settings.batchSize, _settings.lease);
    }
    if (entries.empty())
    {
        refreshDepth();
        return 0;
    }
    std::vector<storage::OutboxEntry> deletes, upserts;
    for (auto& entry : entries)
        (entry.operation == "delete" ? deletes : upserts).push_back(entry);
    if (!deletes.empty())
        processDeletes(deletes);
    if (!upserts.empty())
        processUpserts(upserts);
    return entries.size();
}

void OutboxWorker::refreshDepth()
{
    auto connection = _database.connection();
    const auto pending = _outbox.pendingCount(*connection);
    _depth.store(pending);
    _depthGauge.set(static_cast<double>(pending));
}

void OutboxWorker::processDeletes(const std::vector<storage::OutboxEntry>& entries)
{
    std::vector<std::pair<std::string, std::string>> closed;
    for (const auto& e : entries)
        closed.emplace_back(e.decisionId, e.orgId);
    _database.transaction([&](storage::PgConnection& connection) {
        // Conflicts first: their rows lock before the sequence lock, which stays short.
        storage::ConflictStore().resolveClosed(connection, closed);
        _store.lockSequence(connection);
        _store.markRemoved(connection, closed);
        _outbox.complete(connection, idsOf(entries));
    });
}

void OutboxWorker::processUpserts(const std::vector<storage::OutboxEntry>& entries)
{
    std::vector<storage::EmbeddingSource> sources;
    {
        auto connection = _database.connection();
        sources = _store.load(*connection, entries);
    }
    // Decisions gone (deleted) or closed by a revision meanwhile need no vector.
    std::vector<storage::EmbeddingSource> current;
    for (auto& s : sources)
        if (s.current)
            current.push_back(std::move(s));

    auto result = current.empty() ? DecisionEmbedder::Result{} : _embedder.embed(current);
    if (result.unavailable)
    {
        providerDown(entries, *result.unavailable);
        return;
    }
    if (!_providerAvailable.exchange(true))
        logging::info(outboxLog(), "embedding: provider available again", {{"model", _model}});
    _pause = std::chrono::milliseconds{0};

    std::set<std::string> failedIds;
    for (const auto& [decisionId, reason] : result.failed)
        failedIds.insert(decisionId);
    std::vector<std::int64_t> finished;
    for (const auto& e : entries)
        if (failedIds.count(e.decisionId) == 0)
            finished.push_back(e.id);

    std::vector<ConflictDetector::Detected> detected;
    _database.transaction([&](storage::PgConnection& connection) {
        detected = _detector.detect(connection, current, result.embedded);
        if (!result.embedded.empty())
        {
            _store.lockSequence(connection);
            _store.store(connection, _model, _dimensions, result.embedded);
        }
        _outbox.complete(connection, finished);
    });
    recordFailures(entries, result.failed);
    _conflictsDetected.add(detected.size());
}

void OutboxWorker::recordFailures(const std::vector<storage::OutboxEntry>& entries,
                                  const std::vector<std::pair<std::string, std::string>>& failed)
{
    if (failed.empty())
        return;
    std::map<std::string, const storage::OutboxEntry*> entryByDecision;
    for (const auto& e : entries)
        entryByDecision.emplace(e.decisionId, &e);
    auto connection = _database.connection();
    for (const auto& [decisionId, reason] : failed)
    {
        const auto found = entryByDecision.find(decisionId);
        if (found == entryByDecision.end())
            continue;
        const storage::OutboxEntry& entry = *found->second;
        const int attempts = _outbox.fail(*connection, entry, reason);
        if (attempts >= storage::OutboxRepository::kDeadLetterAttempts)
            logging::error(outboxLog(), "search outbox: dead-letter entry",
                           {{"decision_id", decisionId}, {"org_id", entry.orgId}, {"attempts", attempts}, {"last_error", reason}});
        else
            logging::warn(outboxLog(), "embedding: decision error",
                          {{"decision_id", decisionId}, {"attempts", attempts}, {"error", reason}});
    }
}

void OutboxWorker::providerDown(const std::vector<storage::OutboxEntry>& entries, const plugin::Status& status)
{
    _pause = std::clamp(_pause * 2, kFirstPause, kLongestPause);
    if (status.retryAfterMs > 0)
        _pause = std::clamp(std::chrono::milliseconds(status.retryAfterMs), _pause, kLongestPause);
    {
        auto connection = _database.connection();
        _outbox.release(*connection, idsOf(entries), _pause);
    }
    if (_providerAvailable.exchange(false))
        logging::warn(outboxLog(), "embedding: provider unavailable error",
                      {{"model", _model},
                       {"error", status.message},
                       {"hint", "decisions stay queued in search_outbox and are embedded once the provider answers"}});
}

} // namespace akashi::search
