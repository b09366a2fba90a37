#include "telemetry/TelemetryPipeline.h"

#include "common/Exception.h"
#include "logging/Log.h"
#include "telemetry/SpanQueue.h"

#include <algorithm>
#include <utility>

namespace akashi::telemetry
{
namespace
{
bool refuses(const plugin::Status& status)
{
    return status.code == plugin::StatusCode::unsupported;
}
} // namespace

TelemetryPipeline::TelemetryPipeline(Settings settings, std::vector<std::shared_ptr<Exporter>> exporters,
                                     std::vector<std::string> names, MetricsRegistry& registry, Poco::Logger& log)
    : _settings(settings), _registry(registry), _log(log), _wakeup(std::make_shared<Wakeup>())
{
    for (std::size_t i = 0; i < exporters.size(); ++i)
    {
        const Target target{exporters[i], i < names.size() ? names[i] : "exporter " + std::to_string(i + 1), false};
        _all.push_back(target);
        if (!refuses(target.exporter->exportSpans({})))
            _spanTargets.push_back(target);
        std::string contentType;
        std::string body;
        if (!_scraper.exporter && !refuses(target.exporter->scrape(contentType, body)))
            _scraper = target;
        else
            _metricTargets.push_back(target);
    }
    if (!_spanTargets.empty())
        _spanQueue = std::make_shared<SpanQueue>(
            _settings.spanQueueSize, _settings.spanBatchSize,
            [wakeup = _wakeup] {
                {
                    std::lock_guard lock(wakeup->mutex);
                    wakeup->batchReady = true;
                }
                wakeup->changed.notify_one();
            },
            _registry.counter("akashi.telemetry.dropped_spans",
                              "Finished spans dropped because the span queue was full (exporters too slow)", "{span}"));
}

TelemetryPipeline::~TelemetryPipeline()
{
    stop();
}

void TelemetryPipeline::start()
{
    if (_all.empty() || _thread.joinable())
        return;
    _thread = std::thread([this] { run(); });
}

void TelemetryPipeline::stop() noexcept
{
    std::call_once(_stopped, [this] {
        {
            std::lock_guard lock(_wakeup->mutex);
            _wakeup->stopping = true;
        }
        _wakeup->changed.notify_all();
        if (_thread.joinable())
            _thread.join();
        if (_all.empty())
            return;
        // The final export (runbook §8 step 5), then the exporters' own queues.
        try
        {
            exportSpans();
            exportMetrics();
        }
        catch (const std::exception& e)
        {
            logging::error(_log, "telemetry: final export failed", {{"error", std::string(e.what())}});
        }
        flushAll();
    });
}

void TelemetryPipeline::run()
{
    using Clock = std::chrono::steady_clock;
    auto nextSpans = Clock::now() + _settings.spanInterval;
    auto nextMetrics = Clock::now() + _settings.metricInterval;
    std::unique_lock lock(_wakeup->mutex);
    while (!_wakeup->stopping)
    {
        const auto wakeAt = _spanQueue ? std::min(nextSpans, nextMetrics) : nextMetrics;
        _wakeup->changed.wait_until(lock, wakeAt, [this] { return _wakeup->stopping || _wakeup->batchReady; });
        if (_wakeup->stopping)
            break;
        const bool batchReady = std::exchange(_wakeup->batchReady, false);
        lock.unlock();
        const auto now = Clock::now();
        try
        {
            if (_spanQueue && (batchReady || now >= nextSpans))
            {
                exportSpans();
                nextSpans = now + _settings.spanInterval;
            }
            if (now >= nextMetrics)
            {
                exportMetrics();
                nextMetrics = now + _settings.metricInterval;
            }
        }
        catch (const std::exception& e)
        {
            // A collector failed (the exporters never throw): the next interval tries again.
            logging::error(_log, "telemetry: export failed", {{"error", std::string(e.what())}});
        }
        lock.lock();
    }
}

void TelemetryPipeline::exportSpans()
{
    if (!_spanQueue)
        return;
    const std::vector<Span> spans = _spanQueue->drain();
    if (spans.empty())
        return;
    for (auto& target : _spanTargets)
        report(target, "spans", target.exporter->exportSpans(spans));
}

void TelemetryPipeline::exportMetrics()
{
    if (_metricTargets.empty())
        return;
    const std::vector<MetricPoint> points = _registry.collect();
    for (auto& target : _metricTargets)
        report(target, "metrics", target.exporter->exportMetrics(points));
}

MetricsScrape TelemetryPipeline::scrape()
{
    if (!_scraper.exporter)
        throw Exception(ErrorCode::notFound, "no metrics exporter serves scrapes (see AKASHI_EXPORTERS)");
    std::lock_guard lock(_scrapeMutex);
    report(_scraper, "metrics", _scraper.exporter->exportMetrics(_registry.collect()));
    MetricsScrape scrape;
    const plugin::Status status = _scraper.exporter->scrape(scrape.contentType, scrape.body);
    if (!status.isOk())
        throw Exception(ErrorCode::internal,
                        "metrics exporter \"" + _scraper.name + "\" failed to render: " + status.message);
    return scrape;
}

void TelemetryPipeline::report(Target& target, const char* signal, const plugin::Status& status)
{
    if (status.isOk())
    {
        if (std::exchange(target.failing, false))
            logging::info(_log, "telemetry: export recovered", {{"exporter", target.name}, {"signal", signal}});
        return;
    }
    if (!std::exchange(target.failing, true))
        logging::warn(_log, "telemetry: export failed",
                      {{"exporter", target.name}, {"signal", signal}, {"error", status.message}});
}

namespace
{
/// What "no limit" hands an exporter's flush (a finite span: a plugin adds it to its clock).
constexpr std::chrono::milliseconds kUntilDone = std::chrono::hours(24 * 365);
} // namespace

void TelemetryPipeline::flushAll() noexcept
{
    // 0 waits until the exporters are done (as every shutdown timeout): their own retry limits bound it.
    const bool untilDone = _settings.flushTimeout.count() == 0;
    const auto deadline = std::chrono::steady_clock::now() + _settings.flushTimeout;
    for (const auto& target : _all)
    {
        const auto left = untilDone ? kUntilDone
                                    : std::max(std::chrono::milliseconds(0),
                                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   deadline - std::chrono::steady_clock::now()));
        const plugin::Status status = target.exporter->flush(left);
        if (!status.isOk())
            logging::warn(_log, "telemetry: exporter flush failed", {{"exporter", target.name}, {"error", status.message}});
    }
}
} // namespace akashi::telemetry
