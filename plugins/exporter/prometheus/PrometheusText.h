#pragma once
#include <akashi/telemetry/Exporter.h>

#include <string>
#include <vector>

namespace akashi::plugins::exporter::prometheus
{
/// The Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/), written by hand: Debian 12 packages
/// no C++ Prometheus client. Points of one family (same name after PrometheusNames) are written together
/// under one `# HELP` (the description, or the metric's own name when it has none: promtool wants help
/// text) and one `# TYPE`. Histograms become cumulative `_bucket{le="..."}` series ending with
/// `le="+Inf"`, then `_sum` and `_count`. Label names are sanitised; two attributes that sanitise to the
/// same label are joined with ';' (the OpenTelemetry rule), so a series never repeats a label.
/// Stateless, thread-safe.
class PrometheusText
{
public:
    static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

    struct Rendered
    {
        std::string body;
        /// Why the first skipped point was skipped (empty when none was): a histogram whose bucket counts
        /// are not one more than its bounds or do not add up to its count, or a point whose type differs
        /// from the rest of its family.
        std::string problem;
    };

    static Rendered render(const std::vector<telemetry::MetricPoint>& points);
};
} // namespace akashi::plugins::exporter::prometheus
