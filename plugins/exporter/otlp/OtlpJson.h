#pragma once
#include <akashi/telemetry/Exporter.h>

#include <string>
#include <vector>

namespace akashi::plugins::exporter::otlp
{
/// The OTLP/HTTP JSON bodies (opentelemetry-proto 1.x, protobuf JSON mapping), written by hand: Debian 12
/// packages no opentelemetry-cpp. One resource (`service.name`) and one instrumentation scope ("akashi").
///
/// Traces (ExportTraceServiceRequest): traceId/spanId/parentSpanId as lowercase hex strings, times as
/// decimal strings of Unix nanoseconds, kind SPAN_KIND_SERVER (2: every span the server records is an
/// HTTP server span), status STATUS_CODE_ERROR (2) for an error span and unset otherwise.
/// Metrics (ExportMetricsServiceRequest): points of one name form one metric. Counters are a monotonic
/// cumulative `sum` (aggregationTemporality 2) with `asInt` when the value is a whole number, gauges a
/// `gauge` with `asDouble`, histograms a cumulative `histogram` with `count`, `sum`, `bucketCounts` and
/// `explicitBounds`. 64-bit integers are strings (intValue, asInt, count, bucketCounts), as the mapping says.
/// Attributes are `[{"key", "value": {stringValue | intValue | doubleValue | boolValue}}]`.
class OtlpJson
{
public:
    struct Resource
    {
        std::string serviceName;
        std::string scopeName = "akashi";
    };

    static std::string traces(const Resource& resource, const std::vector<telemetry::Span>& spans);

    /// `problem` gets why the first skipped point was skipped (a histogram whose bucket counts are not one
    /// more than its bounds, or a point whose type differs from the first of its name); others are encoded.
    static std::string metrics(const Resource& resource, const std::vector<telemetry::MetricPoint>& points,
                               std::string& problem);
};
} // namespace akashi::plugins::exporter::otlp
