#pragma once
#include <akashi/telemetry/Exporter.h>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace akashi::mocks
{
/// An Exporter that keeps what it is given, for tests of code that emits telemetry.
/// exportSpans/exportMetrics append copies (unless `failExportsWith` set a status, which they then return
/// without recording); flush counts calls and remembers the last timeout; scrape is `unsupported`
/// ("fake exporter has no scrape body") until `setScrapeBody` gives it a content type and body; exportSpans
/// is `unsupported` after `refuseSpans`.
/// Thread-safe (one mutex).
class FakeExporter final : public telemetry::Exporter
{
public:
    plugin::Status exportSpans(const std::vector<telemetry::Span>& spans) noexcept override
    {
        try
        {
            std::lock_guard lock(_mutex);
            if (_refuseSpans)
                return plugin::Status::failure(plugin::StatusCode::unsupported, "fake exporter takes no spans");
            if (!_exportFailure.isOk())
                return _exportFailure;
            _spans.insert(_spans.end(), spans.begin(), spans.end());
            return plugin::Status::success();
        }
        catch (const std::exception& e)
        {
            return plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
    }

    plugin::Status exportMetrics(const std::vector<telemetry::MetricPoint>& metrics) noexcept override
    {
        try
        {
            std::lock_guard lock(_mutex);
            if (!_exportFailure.isOk())
                return _exportFailure;
            _metrics.insert(_metrics.end(), metrics.begin(), metrics.end());
            return plugin::Status::success();
        }
        catch (const std::exception& e)
        {
            return plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
    }

    plugin::Status flush(std::chrono::milliseconds timeout) noexcept override
    {
        std::lock_guard lock(_mutex);
        ++_flushes;
        _lastFlushTimeout = timeout;
        return plugin::Status::success();
    }

    plugin::Status scrape(std::string& contentType, std::string& body) noexcept override
    {
        try
        {
            std::lock_guard lock(_mutex);
            if (!_scrape)
                return plugin::Status::failure(plugin::StatusCode::unsupported, "fake exporter has no scrape body");
            contentType = _scrape->contentType;
            body = _scrape->body;
            return plugin::Status::success();
        }
        catch (const std::exception& e)
        {
            return plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
    }

    /// Following exports return `status` (not ok) until called again with Status::success().
    void failExportsWith(plugin::Status status)
    {
        std::lock_guard lock(_mutex);
        _exportFailure = std::move(status);
    }

    /// Makes exportSpans answer `unsupported` from now on (a metrics-only exporter).
    void refuseSpans()
    {
        std::lock_guard lock(_mutex);
        _refuseSpans = true;
    }

    /// Makes scrape succeed with this content type and body.
    void setScrapeBody(std::string contentType, std::string body)
    {
        std::lock_guard lock(_mutex);
        _scrape = Scrape{std::move(contentType), std::move(body)};
    }

    std::vector<telemetry::Span> spans() const
    {
        std::lock_guard lock(_mutex);
        return _spans;
    }

    std::vector<telemetry::MetricPoint> metrics() const
    {
        std::lock_guard lock(_mutex);
        return _metrics;
    }

    std::size_t flushCount() const
    {
        std::lock_guard lock(_mutex);
        return _flushes;
    }

    /// The timeout of the last flush, or nullopt before the first.
    std::optional<std::chrono::milliseconds> lastFlushTimeout() const
    {
        std::lock_guard lock(_mutex);
        return _lastFlushTimeout;
    }

private:
    struct Scrape
    {
        std::string contentType;
        std::string body;
    };

    mutable std::mutex _mutex;
    std::vector<telemetry::Span> _spans;
    std::vector<telemetry::MetricPoint> _metrics;
    plugin::Status _exportFailure;
    std::optional<Scrape> _scrape;
    bool _refuseSpans = false;
    std::size_t _flushes = 0;
    std::optional<std::chrono::milliseconds> _lastFlushTimeout;
};
} // namespace akashi::mocks
