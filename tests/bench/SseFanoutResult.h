#pragma once
#include "LatencySamples.h"

#include <cstdint>
#include <optional>
#include <string>

namespace akashi::bench
{
/// The figures of one `--mode=sse-fanout` run. Deliveries count the events of decisions published in the
/// measured window (warm-up excluded) on the streams open when publishing began.
struct SseFanoutResult
{
    std::size_t subscribersWanted = 0;
    std::size_t streamsOpened = 0;      ///< handshakes answered 200
    std::uint64_t connectFailures = 0;
    std::string connectFailureReasons = "none"; ///< ReasonTally::token()
    double connectSeconds = 0;          ///< first connect to the last handshake's end
    std::size_t streamsAtPublish = 0;   ///< open when publishing began: each should get every decision
    std::uint64_t disconnects = 0;      ///< streams that ended before the bench closed them
    std::string disconnectReasons = "none";

    std::size_t publishers = 0;
    double rate = 0;                    ///< decisions/s asked for
    double seconds = 0;                 ///< the measured window
    std::uint64_t published = 0;        ///< decisions sent in the window and answered 201
    std::uint64_t publishErrors = 0;
    std::string firstPublishError;
    LatencySamples publishLatency;      ///< POST /v1/trace round trips

    double drainSeconds = 0;            ///< waited after the last answer for late deliveries
    std::uint64_t expected = 0;         ///< published × streamsAtPublish
    std::uint64_t received = 0;         ///< deliveries of those decisions, on any stream
    std::uint64_t receivedInWindow = 0; ///< deliveries read during the window (of any decision published)
    std::uint64_t outOfOrder = 0;       ///< events whose id did not exceed the stream's previous one
    std::uint64_t otherEvents = 0;      ///< events of other decisions (earlier runs) and other channels (conflicts)
    std::uint64_t keepalives = 0;       ///< comment lines received
    LatencySamples latency;             ///< receive time − send time of the decision's POST, per delivery
    LatencySamples firstDelivery;       ///< per decision: its earliest delivery's latency (POST, relay, broker)
    LatencySamples spread;              ///< per decision: its last delivery minus its first (the fan-out itself)

    std::optional<std::uint64_t> rssIdleBytes;      ///< server VmRSS before any stream
    std::optional<std::uint64_t> rssConnectedBytes; ///< with every stream open, before publishing
    std::optional<std::uint64_t> rssPeakBytes;      ///< highest sample (every ~100-250 ms) from connecting to the end
    /// CPU time / wall time from the first post to the end of the drain (100 = one core): the server's
    /// (all threads) and the subscriber thread's.
    std::optional<double> serverCpuPercent;
    double clientCpuPercent = 0;
    /// The same CPU time divided by the deliveries of that interval (warm-up included).
    std::optional<double> serverMicrosPerDelivery;
    double clientMicrosPerDelivery = 0;

    /// `akashi-bench mode=sse-fanout subscribers=.. streams=.. connect_failures=.. connect_s=.. ... p99_ms=..
    /// rss_peak_mb=.. connect_failure_reasons=.. disconnect_reasons=.. publish_error=..` (one line; a
    /// reason's spaces become '_'; "n/a" for a figure not measured).
    std::string line();
};
} // namespace akashi::bench
