#include "SseFanoutResult.h"

#include <cstdio>

namespace akashi::bench
{
namespace
{
std::string fixed(double value, int decimals = 2)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string mebibytes(const std::optional<std::uint64_t>& bytes)
{
    return bytes ? fixed(static_cast<double>(*bytes) / (1024.0 * 1024.0), 1) : "n/a";
}

std::string token(std::string text)
{
    if (text.empty())
        return "none";
    for (auto& c : text)
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            c = '_';
    return text;
}
} // namespace

std::string SseFanoutResult::line()
{
    const auto count = [](std::uint64_t n) { return std::to_string(n); };
    const std::uint64_t lost = expected > received ? expected - received : 0;
    std::string text = "akashi-bench mode=sse-fanout";
    const auto add = [&](const char* key, const std::string& value) { text += std::string(" ") + key + "=" + value; };
    add("subscribers", count(subscribersWanted));
    add("streams", count(streamsOpened));
    add("connect_failures", count(connectFailures));
    add("connect_s", fixed(connectSeconds));
    add("streams_at_publish", count(streamsAtPublish));
    add("disconnects", count(disconnects));
    add("publishers", count(publishers));
    add("rate", fixed(rate, 1));
    add("seconds", fixed(seconds));
    add("published", count(published));
    add("publish_errors", count(publishErrors));
    add("publish_p50_ms", fixed(publishLatency.percentileMillis(50)));
    add("publish_p99_ms", fixed(publishLatency.percentileMillis(99)));
    add("drain_s", fixed(drainSeconds));
    add("expected", count(expected));
    add("received", count(received));
    add("lost", count(lost));
    add("out_of_order", count(outOfOrder));
    add("other_events", count(otherEvents));
    add("keepalives", count(keepalives));
    add("delivered_per_s", fixed(seconds > 0 ? static_cast<double>(receivedInWindow) / seconds : 0, 1));
    add("p50_ms", fixed(latency.percentileMillis(50)));
    add("p90_ms", fixed(latency.percentileMillis(90)));
    add("p99_ms", fixed(latency.percentileMillis(99)));
    add("max_ms", fixed(latency.maxMillis()));
    add("mean_ms", fixed(latency.meanMillis()));
    add("first_p50_ms", fixed(firstDelivery.percentileMillis(50)));
    add("first_p99_ms", fixed(firstDelivery.percentileMillis(99)));
    add("spread_p50_ms", fixed(spread.percentileMillis(50)));
    add("spread_p99_ms", fixed(spread.percentileMillis(99)));
    add("rss_idle_mb", mebibytes(rssIdleBytes));
    add("rss_connected_mb", mebibytes(rssConnectedBytes));
    add("rss_peak_mb", mebibytes(rssPeakBytes));
    add("server_cpu_pct", serverCpuPercent ? fixed(*serverCpuPercent, 1) : "n/a");
    add("client_cpu_pct", fixed(clientCpuPercent, 1));
    add("server_us_per_delivery", serverMicrosPerDelivery ? fixed(*serverMicrosPerDelivery) : "n/a");
    add("client_us_per_delivery", fixed(clientMicrosPerDelivery));
    add("connect_failure_reasons", connectFailureReasons);
    add("disconnect_reasons", disconnectReasons);
    add("publish_error", token(firstPublishError));
    return text;
}
} // namespace akashi::bench
