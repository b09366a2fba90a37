#pragma once
#include "JsonHttpClient.h"
#include "OtlpSettings.h"

#include <akashi/plugin/HostLogger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace akashi::plugins::exporter::otlp
{
/// POSTs encoded OTLP requests to the collector on its own thread, so the server's telemetry thread only
/// encodes and queues. Retries follow the OTLP/HTTP spec: a request answered 429, 502, 503 or 504, or not
/// answered at all (refused, timed out, reset), is sent again after its Retry-After (capped at 60 s) or
/// an exponential backoff (retry_base_ms doubling up to 30 s), at most max_retries times; any other
/// answer but 2xx drops it at once (the collector will refuse it again). At most kMaxPending requests
/// wait; beyond that new ones are dropped. Drops are counted, and logged once per outage: `otlp: export
/// failed` (signal, reason) when sending starts failing, `otlp: export recovered` (dropped) when a request
/// goes through again. Headers are never logged.
/// Thread-safe: one mutex guards the queue and state.
class OtlpSender
{
public:
    struct Request
    {
        std::string path; ///< "/v1/traces" or "/v1/metrics"
        std::string body;
        std::string signal; ///< "traces" or "metrics", for log lines
    };

    static constexpr std::size_t kMaxPending = 64;
    static constexpr std::chrono::milliseconds kMaxBackoff{30000};
    static constexpr std::chrono::milliseconds kMaxRetryAfter{60000};

    /// `logger` must outlive the sender. Starts the thread.
    OtlpSender(const OtlpSettings& settings, plugin::HostLogger& logger);
    /// Stops at once: a backoff wait is cut short and what is still queued is dropped (flush first to
    /// send it). A request in flight finishes first, bounded by the request timeout.
    ~OtlpSender();

    OtlpSender(const OtlpSender&) = delete;
    OtlpSender& operator=(const OtlpSender&) = delete;

    /// False when the queue was full and `request` was dropped.
    bool enqueue(Request request);

    /// Waits until everything queued has been delivered or given up, at most `timeout`; true when it was.
    bool flush(std::chrono::milliseconds timeout);

    std::uint64_t delivered() const noexcept { return _delivered.load(); }
    std::uint64_t dropped() const noexcept { return _dropped.load(); }

private:
    void run();
    void deliver(const Request& request);
    /// Sleeps `duration` unless stopping first; false when stopping.
    bool pause(std::chrono::milliseconds duration);
    void drop(const Request& request, const std::string& reason);
    void succeeded();

    embedding::remote::JsonHttpClient _client;
    const unsigned _maxRetries;
    const std::chrono::milliseconds _retryBase;
    plugin::HostLogger& _logger;

    std::mutex _mutex;
    std::condition_variable _changed;
    std::deque<Request> _queue;
    bool _busy = false;     ///< a request taken from the queue is being delivered
    bool _stopping = false;
    bool _failing = false;  ///< the last request was dropped (the outage was logged)
    std::uint64_t _droppedSinceFailing = 0;
    std::atomic<std::uint64_t> _delivered{0};
    std::atomic<std::uint64_t> _dropped{0};
    std::thread _thread; ///< last: starts once everything above is initialised
};
} // namespace akashi::plugins::exporter::otlp
