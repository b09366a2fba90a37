#pragma once
#include "telemetry/MetricsRegistry.h"
#include "telemetry/MetricsScrape.h"

#include <akashi/telemetry/Exporter.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Poco
{
class Logger;
}

namespace akashi::telemetry
{
class SpanQueue;

/// Moves telemetry from the server to the exporter plugins (docs/telemetry.md). At start it asks every
/// exporter what it takes: one whose `exportSpans({})` answers `unsupported` gets no spans, and the first
/// whose `scrape` is supported serves GET /metrics. Then one thread hands the queued spans to the span
/// exporters every `spanInterval` (or as soon as `spanBatchSize` are queued) and a fresh
/// MetricsRegistry::collect() to every other exporter every `metricInterval` (runbook §2: 5 s and 15 s).
/// The scrape exporter instead gets exportMetrics with fresh points right before each scrape, so /metrics
/// is never stale. With no exporter taking spans there is no span queue and requests record no span.
///
/// A failing exporter is logged once when it starts failing (`telemetry: export failed`) and once when it
/// recovers (`telemetry: export recovered`), never per call. `stop` exports what is pending and flushes
/// every exporter within `flushTimeout` (runbook §8 step 5).
/// Thread-safe: the export thread owns the push calls; scrapes are serialised by their own mutex.
class TelemetryPipeline
{
public:
    struct Settings
    {
        std::chrono::milliseconds spanInterval{5000};    ///< OTEL_BSP_SCHEDULE_DELAY
        std::chrono::milliseconds metricInterval{15000}; ///< OTEL_METRIC_EXPORT_INTERVAL
        std::size_t spanQueueSize = 2048;                ///< OTEL_BSP_MAX_QUEUE_SIZE
        std::size_t spanBatchSize = 512;                 ///< OTel's default max export batch size
        std::chrono::milliseconds flushTimeout{5000};    ///< akashi.shutdown.telemetry_flush_timeout; 0 = until done
    };

    /// `names[i]` names `exporters[i]` in log lines. `registry` and `log` must outlive the pipeline.
    TelemetryPipeline(Settings settings, std::vector<std::shared_ptr<Exporter>> exporters,
                      std::vector<std::string> names, MetricsRegistry& registry, Poco::Logger& log);
    ~TelemetryPipeline();

    TelemetryPipeline(const TelemetryPipeline&) = delete;
    TelemetryPipeline& operator=(const TelemetryPipeline&) = delete;

    /// Starts the export thread (not when there is no exporter). Once only.
    void start();
    /// Joins the thread, exports the spans still queued and the metrics once more, then flushes every
    /// exporter within the flush timeout. Idempotent; never throws.
    void stop() noexcept;

    /// Where requests queue their spans; null when no exporter takes spans (tracing off).
    std::shared_ptr<SpanQueue> spanQueue() const noexcept { return _spanQueue; }

    /// True when an exporter serves scrapes (GET /metrics exists).
    bool scrapable() const noexcept { return _scraper.exporter != nullptr; }
    /// Fresh metrics rendered by the scrape exporter. Throws akashi::Exception(notFound) when none is
    /// enabled, (internal) naming the exporter and its reason when it fails.
    MetricsScrape scrape();

    const Settings& settings() const noexcept { return _settings; }

private:
    struct Target
    {
        std::shared_ptr<Exporter> exporter;
        std::string name;
        bool failing = false; ///< last call failed (logged once until it recovers)
    };

    void run();
    void exportSpans();
    void exportMetrics();
    void flushAll() noexcept;
    void report(Target& target, const char* signal, const plugin::Status& status);

    /// What wakes the export thread. Shared with the span queue's callback, which may outlive the
    /// pipeline (the queue is held by the request side too).
    struct Wakeup
    {
        std::mutex mutex;
        std::condition_variable changed;
        bool stopping = false;
        bool batchReady = false;
    };

    const Settings _settings;
    MetricsRegistry& _registry;
    Poco::Logger& _log;
    std::vector<Target> _spanTargets;
    std::vector<Target> _metricTargets;
    Target _scraper; ///< exporter null when none scrapes; guarded by _scrapeMutex
    std::vector<Target> _all; ///< every exporter, for the final flush
    std::shared_ptr<SpanQueue> _spanQueue;

    std::mutex _scrapeMutex;
    const std::shared_ptr<Wakeup> _wakeup;
    std::once_flag _stopped;
    std::thread _thread;
};
} // namespace akashi::telemetry
