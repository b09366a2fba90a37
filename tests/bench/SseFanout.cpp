#include "SseFanout.h"

#include "MeasurementWindow.h"
#include "ProcessProbe.h"
#include "SsePublisher.h"
#include "SseSubscribers.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <sys/resource.h>

namespace akashi::bench
{
namespace
{
using Clock = MeasurementWindow::Clock;

/// Descriptors beyond the streams: stdio, epoll, the publishers' connections, libraries.
constexpr rlim_t kSpareDescriptors = 64;
/// With every stream open, the broker and the allocator settle before the "connected" RSS is read.
constexpr auto kSettle = std::chrono::seconds(1);
/// Publishing over, the drain also ends when no delivery arrived for this long.
constexpr auto kQuiet = std::chrono::seconds(3);

/// One event of one of our decisions on one stream.
struct Delivery
{
    std::uint32_t decision = 0;
    std::uint32_t micros = 0;
};

/// The highest server VmRSS seen, sampled at most every `interval`.
class PeakSampler
{
public:
    PeakSampler(const ProcessProbe& probe, std::chrono::milliseconds interval) : _probe(probe), _interval(interval) {}

    void sample()
    {
        const auto now = Clock::now();
        if (now < _next)
            return;
        _next = now + _interval;
        if (const auto rss = _probe.residentBytes())
            _peak = std::max(_peak.value_or(0), *rss);
    }
    std::optional<std::uint64_t> peak() const { return _peak; }

private:
    const ProcessProbe& _probe;
    const std::chrono::milliseconds _interval;
    Clock::time_point _next{};
    std::optional<std::uint64_t> _peak;
};
} // namespace

SseFanout::SseFanout(const BenchOptions& options) : _options(options) {}

void SseFanout::raiseDescriptorLimit() const
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        throw std::runtime_error("getrlimit(RLIMIT_NOFILE) failed");
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    const rlim_t needed = static_cast<rlim_t>(_options.subscribers) + kSpareDescriptors;
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed)
        throw std::runtime_error("RLIMIT_NOFILE hard limit " + std::to_string(limit.rlim_max) + " cannot hold " +
                                 std::to_string(_options.subscribers) + " streams (" + std::to_string(needed) +
                                 " descriptors): raise it (ulimit -Hn as root) or lower --subscribers");
}

SseFanoutResult SseFanout::run()
{
    raiseDescriptorLimit();
    const std::string authorization = "ApiKey " + _options.agentId + ":" + _options.apiKey;
    const ProcessProbe server(_options.serverPid);
    if (_options.serverPid != 0 && !server.residentBytes())
        throw std::runtime_error("--server-pid=" + std::to_string(_options.serverPid) + ": no readable /proc/" +
                                 std::to_string(_options.serverPid) + "/status");
    PeakSampler peak(server, std::chrono::milliseconds(100));

    SseFanoutResult result;
    result.subscribersWanted = _options.subscribers;
    result.publishers = _options.clients;
    result.rate = _options.rate;
    result.rssIdleBytes = server.residentBytes();

    std::unique_ptr<MeasurementWindow> window;
    std::unique_ptr<SsePublisher> publisher;
    std::vector<std::int64_t> lastId(_options.subscribers, 0);
    std::vector<Delivery> deliveries;
    deliveries.reserve(static_cast<std::size_t>(static_cast<double>(_options.subscribers) * _options.rate *
                                                (_options.warmupSeconds + _options.durationSeconds) * 1.05));
    auto lastDelivery = Clock::now();

    const auto onEvent = [&](std::size_t stream, const SseStream::Event& event, Clock::time_point received) {
        // Per stream, ids only grow (the broker delivers in seq order, each event once).
        if (event.id <= lastId[stream])
            ++result.outOfOrder;
        lastId[stream] = std::max(lastId[stream], event.id);
        const auto decision = event.name == "akashi_decisions" ? SsePublisher::decisionIn(event.data) : -1;
        const auto sent = decision >= 0 && publisher ? publisher->sentAt(static_cast<std::size_t>(decision)) : 0;
        if (sent == 0)
        {
            ++result.otherEvents;
            return;
        }
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                received.time_since_epoch() - std::chrono::nanoseconds(sent))
                                .count();
        deliveries.push_back({static_cast<std::uint32_t>(decision),
                              static_cast<std::uint32_t>(std::clamp<std::int64_t>(micros, 0, UINT32_MAX))});
        lastDelivery = received;
    };

    SseSubscribers::Settings settings;
    settings.host = _options.host;
    settings.port = _options.port;
    settings.authorization = authorization;
    settings.count = _options.subscribers;
    settings.inFlight = _options.connectBatch;
    SseSubscribers streams(settings, onEvent);

    std::cerr << "akashi-bench: opening " << _options.subscribers << " streams, " << _options.connectBatch
              << " handshakes in flight\n";
    const auto connectStart = Clock::now();
    streams.connect([&] { peak.sample(); });
    result.connectSeconds = std::chrono::duration<double>(Clock::now() - connectStart).count();
    result.streamsOpened = streams.opened();
    result.connectFailures = streams.connectFailures().total();
    result.connectFailureReasons = streams.connectFailures().token();
    std::cerr << "akashi-bench: " << streams.opened() << " streams open in " << result.connectSeconds << " s; "
              << result.connectFailures << " failed: " << result.connectFailureReasons << "\n";
    if (streams.opened() == 0)
        return result;

    const auto settled = Clock::now() + kSettle;
    streams.pump([&] {
        peak.sample();
        return Clock::now() >= settled;
    });
    result.rssConnectedBytes = server.residentBytes();
    result.streamsAtPublish = streams.streaming();
    const auto disconnectsBefore = streams.disconnects().total();

    std::cerr << "akashi-bench: publishing " << _options.rate << " decisions/s on " << _options.clients
              << " connection(s) to " << result.streamsAtPublish << " streams, " << _options.warmupSeconds
              << " s warm-up + " << _options.durationSeconds << " s\n";
    const auto serverCpuBefore = server.cpuSeconds();
    const auto clientCpuBefore = ProcessProbe::threadCpuSeconds();
    const auto publishStart = Clock::now();
    window = std::make_unique<MeasurementWindow>(_options.warmupSeconds, _options.durationSeconds);
    SsePublisher::Settings publishing;
    publishing.host = _options.host;
    publishing.port = _options.port;
    publishing.authorization = authorization;
    publishing.agentId = _options.agentId;
    publishing.rate = _options.rate;
    publishing.connections = _options.clients;
    publisher = std::make_unique<SsePublisher>(publishing, *window);
    streams.pump([&] {
        peak.sample();
        return publisher->finished();
    });
    publisher->join();

    // Late deliveries: until every recorded decision reached every open stream, nothing came for kQuiet,
    // or --drain ran out.
    std::uint64_t recordedAll = 0;
    for (std::size_t i = 0; i < publisher->attempted(); ++i)
        recordedAll += publisher->recorded(i) ? 1 : 0;
    const auto drainStart = Clock::now();
    const auto drainUntil = drainStart + std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::duration<double>(_options.drainSeconds));
    lastDelivery = std::max(lastDelivery, Clock::now());
    streams.pump([&] {
        peak.sample();
        const auto now = Clock::now();
        const bool allArrived = deliveries.size() >= recordedAll * streams.streaming();
        return allArrived || now >= drainUntil || now - lastDelivery >= kQuiet;
    });
    const auto drainEnd = Clock::now();
    result.drainSeconds = std::chrono::duration<double>(drainEnd - drainStart).count();
    const auto serverCpuAfter = server.cpuSeconds();
    const auto clientCpuAfter = ProcessProbe::threadCpuSeconds();
    result.keepalives = streams.comments();
    result.disconnects = streams.disconnects().total() - disconnectsBefore;
    result.disconnectReasons = streams.disconnects().token();
    streams.closeAll();
    result.rssPeakBytes = peak.peak();
    if (result.rssConnectedBytes)
        result.rssPeakBytes = std::max(result.rssPeakBytes.value_or(0), *result.rssConnectedBytes);

    // CPU from the first post to the last delivery awaited, against every delivery of ours in that time
    // (warm-up included): the cost of one delivery, on either side.
    const double wall = std::chrono::duration<double>(drainEnd - publishStart).count();
    const double deliveredAll = static_cast<double>(deliveries.size());
    if (serverCpuBefore && serverCpuAfter && wall > 0)
    {
        result.serverCpuPercent = (*serverCpuAfter - *serverCpuBefore) / wall * 100.0;
        if (deliveredAll > 0)
            result.serverMicrosPerDelivery = (*serverCpuAfter - *serverCpuBefore) * 1e6 / deliveredAll;
    }
    result.clientCpuPercent = wall > 0 ? (clientCpuAfter - clientCpuBefore) / wall * 100.0 : 0;
    result.clientMicrosPerDelivery = deliveredAll > 0 ? (clientCpuAfter - clientCpuBefore) * 1e6 / deliveredAll : 0;

    // Measured: decisions sent inside the window and answered 201.
    result.seconds = window->lengthSeconds();
    const auto tally = publisher->tally();
    result.publishErrors = tally.errors;
    result.firstPublishError = tally.firstError;
    result.publishLatency = tally.latency;
    std::vector<bool> measured(publisher->attempted(), false);
    for (std::size_t i = 0; i < measured.size(); ++i)
    {
        const auto sent = publisher->sentAt(i);
        const Clock::time_point at{std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(sent))};
        measured[i] = sent != 0 && publisher->recorded(i) && window->contains(at);
        result.published += measured[i] ? 1 : 0;
    }
    result.expected = result.published * result.streamsAtPublish;
    std::vector<std::uint32_t> earliest(measured.size(), UINT32_MAX);
    std::vector<std::uint32_t> latest(measured.size(), 0);
    using std::chrono::microseconds;
    const auto opens = std::chrono::duration_cast<microseconds>(window->opens.time_since_epoch()).count();
    const auto closes = std::chrono::duration_cast<microseconds>(window->closes.time_since_epoch()).count();
    for (const auto& delivery : deliveries)
    {
        // Throughput: whatever arrived during the window, of any of our decisions (a backlog arrives later).
        const auto received = publisher->sentAt(delivery.decision) / 1000 + delivery.micros;
        if (received >= opens && received <= closes)
            ++result.receivedInWindow;
        if (delivery.decision >= measured.size() || !measured[delivery.decision])
            continue;
        ++result.received;
        result.latency.add(delivery.micros);
        earliest[delivery.decision] = std::min(earliest[delivery.decision], delivery.micros);
        latest[delivery.decision] = std::max(latest[delivery.decision], delivery.micros);
    }
    for (std::size_t i = 0; i < measured.size(); ++i)
    {
        if (!measured[i] || earliest[i] == UINT32_MAX)
            continue;
        result.firstDelivery.add(earliest[i]);
        result.spread.add(latest[i] - earliest[i]);
    }
    return result;
}

int SseFanout::measure(const BenchOptions& options)
{
    auto result = SseFanout(options).run();
    std::cout << result.line() << std::endl;
    if (!result.firstPublishError.empty())
        std::cerr << "akashi-bench: " << result.publishErrors << " failed publish(es); first: "
                  << result.firstPublishError << "\n";
    if (result.streamsOpened == 0)
    {
        std::cerr << "akashi-bench: no stream opened\n";
        return 1;
    }
    if (result.published == 0)
    {
        std::cerr << "akashi-bench: no decision was published in the measured window\n";
        return 1;
    }
    return 0;
}
} // namespace akashi::bench
