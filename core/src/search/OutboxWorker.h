#pragma once
#include "search/ConflictDetector.h"
#include "search/DecisionEmbedder.h"
#include "storage/EmbeddingStore.h"
#include "storage/OutboxRepository.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace akashi::storage
{
class Database;
}
namespace akashi::embedding
{
class EmbeddingProvider;
}
namespace akashi::telemetry
{
class Counter;
class Gauge;
} // namespace akashi::telemetry

namespace akashi::search
{
class VectorSearch;

/// Drains `search_outbox` off the request path (DESIGN §4, runbook §3): claims a batch (SKIP LOCKED,
/// leased), embeds the decisions with the provider, detects their conflicts and stores vectors,
/// conflicts and the outbox deletion in one transaction; `delete` entries bump the closed decision's
/// embedding_seq (so every index drops it) and resolve its open conflicts. A new conflict row leaves its
/// `akashi_conflicts` stream event in the same transaction (trigger, migration 0009).
/// Failures: a decision the provider rejects counts an attempt (backoff min(2^(n+1), 300) s, dead letter
/// after 10: `search outbox: dead-letter entry`); a provider that is down or rate limiting is not the
/// entry's fault: the batch goes back uncounted and the worker pauses (1 s doubling to 60 s) before
/// trying again, so an outage of any length heals by itself.
/// Runs on its own thread between start() and stop(); processOnce() is public for tests.
class OutboxWorker
{
public:
    struct Settings
    {
        int batchSize = 100;
        std::chrono::milliseconds pollInterval{1000};
        std::chrono::milliseconds lease{60000};
        std::chrono::milliseconds drainTimeout{0}; ///< 0 = drain until nothing is claimable
    };

    static constexpr const char* kConflictsChannel = "akashi_conflicts";

    /// `index` may be null. All must outlive the worker.
    OutboxWorker(storage::Database& database, embedding::EmbeddingProvider& provider, const VectorSearch* index,
                 Settings settings);
    ~OutboxWorker();

    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    /// Queues the startup backfill, then polls until stop().
    void start();
    /// Drains what is claimable (bounded by drainTimeout), then joins. Idempotent.
    void stop();

    /// One claim-and-process pass; returns the entries claimed.
    std::size_t processOnce();

    /// Queues every current decision lacking an embedding of this provider's model and size; logs
    /// progress. Returns how many were queued.
    std::int64_t backfill();

    /// False while the provider is failing as unavailable.
    bool providerAvailable() const noexcept { return _providerAvailable.load(); }
    /// search_outbox rows under the attempt limit, as of the last empty poll (-1 before the first).
    std::int64_t depth() const noexcept { return _depth.load(); }

private:
    void run();
    void processDeletes(const std::vector<storage::OutboxEntry>& entries);
    void processUpserts(const std::vector<storage::OutboxEntry>& entries);
    void recordFailures(const std::vector<storage::OutboxEntry>& entries,
                        const std::vector<std::pair<std::string, std::string>>& failed);
    void providerDown(const std::vector<storage::OutboxEntry>& entries, const plugin::Status& status);
    void refreshDepth();

    storage::Database& _database;
    embedding::EmbeddingProvider& _provider;
    const Settings _settings;
    const std::string _model;
    const int _dimensions;
    storage::OutboxRepository _outbox;
    storage::EmbeddingStore _store;
    DecisionEmbedder _embedder;
    ConflictDetector _detector;
    telemetry::Gauge& _depthGauge;
    telemetry::Counter& _conflictsDetected;

    std::atomic<bool> _providerAvailable{true};
    std::atomic<std::int64_t> _depth{-1};
    std::chrono::milliseconds _pause{0}; ///< worker thread only

    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    std::thread _thread;
};
} // namespace akashi::search
