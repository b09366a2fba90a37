#pragma once
#include <string>

namespace akashi::telemetry
{
/// A pull exporter's rendering of the metrics (e.g. Prometheus text), answered by GET /metrics.
struct MetricsScrape
{
    std::string contentType;
    std::string body;
};
} // namespace akashi::telemetry
