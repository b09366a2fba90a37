#pragma once
#include <akashi/plugin/Status.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace akashi::telemetry
{
inline constexpr std::uint32_t kExporterApiVersion = 1;
inline constexpr const char* kExporterKind = "exporter";

using AttributeValue = std::variant<std::string, std::int64_t, double, bool>;
using Attributes = std::map<std::string, AttributeValue>;

/// A finished span. Ids are lowercase hex (trace 32 chars, span 16 chars); times are Unix nanoseconds.
struct Span
{
    std::string traceId;
    std::string spanId;
    std::string parentSpanId; ///< empty for a root span
    std::string name;         ///< e.g. "POST /v1/trace"
    std::uint64_t startUnixNanos = 0;
    std::uint64_t endUnixNanos = 0;
    bool error = false;
    Attributes attributes;
};

enum class MetricType
{
    counter,  ///< monotonic sum since start
    gauge,    ///< last value
    histogram ///< `bucketBounds` (upper bounds, ascending) + `bucketCounts` (one more than bounds)
};

/// One metric series at the time of collection (cumulative temporality for counters and histograms).
struct MetricPoint
{
    std::string name; ///< e.g. "akashi.buffer.depth"
    std::string description;
    std::string unit; ///< UCUM, e.g. "ms", "1", "By"
    MetricType type = MetricType::gauge;
    Attributes attributes;
    double value = 0; ///< counter and gauge value; histogram sum
    std::uint64_t count = 0; ///< histogram only
    std::vector<double> bucketBounds;
    std::vector<std::uint64_t> bucketCounts;
    std::uint64_t startUnixNanos = 0;
    std::uint64_t timeUnixNanos = 0;
};

/// Receives telemetry. The server calls `exportSpans`/`exportMetrics` from a single telemetry thread;
/// `scrape` may be called concurrently from HTTP threads. Implementations batch and send as they see fit
/// and must not block the caller for long.
///
/// Capabilities, asked once at start: an exporter whose `exportSpans({})` answers `unsupported` takes no
/// spans (the server then records none for it), and one whose `scrape` is not `unsupported` is a pull
/// exporter. The first pull exporter serves GET /metrics: the server calls its `exportMetrics` with fresh
/// points right before each `scrape`, from the HTTP thread (serialised: one scrape at a time, possibly
/// concurrent with `exportSpans`), and never from the telemetry thread. On shutdown the server exports
/// what is pending, then calls `flush` once.
class Exporter
{
public:
    virtual ~Exporter() = default;

    virtual plugin::Status exportSpans(const std::vector<Span>& spans) noexcept = 0;
    virtual plugin::Status exportMetrics(const std::vector<MetricPoint>& metrics) noexcept = 0;

    /// Sends everything pending, waiting at most `timeout` (0 = no wait). Called on shutdown.
    virtual plugin::Status flush(std::chrono::milliseconds timeout) noexcept = 0;

    /// Pull-style exporters (Prometheus) render their current state into `body` and set `contentType`;
    /// push-only exporters return `unsupported`.
    virtual plugin::Status scrape(std::string& contentType, std::string& body) noexcept = 0;
};
} // namespace akashi::telemetry
