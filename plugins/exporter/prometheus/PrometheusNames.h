#pragma once
#include <akashi/telemetry/Exporter.h>

#include <string>
#include <string_view>

namespace akashi::plugins::exporter::prometheus
{
/// How an OpenTelemetry-style metric becomes a Prometheus family, following the OpenTelemetry
/// "Prometheus and OpenMetrics compatibility" rules where they keep `promtool check metrics` clean:
///   - characters outside [a-zA-Z0-9_:] become '_' ("http.server.duration" → "http_server_duration"),
///     a leading digit gets a '_' prefix, runs of '_' collapse;
///   - the unit becomes a suffix: time in the base unit seconds (ms, us and ns values are scaled, since
///     promtool rejects "milliseconds"), "By" → "_bytes", "%" → "_percent"; "1" and annotations such as
///     "{event}" add nothing;
///   - counters end in "_total" (not doubled when the name already ends so); anything else loses a "_total"
///     it has ("akashi.pool.connections.total", a gauge, → "akashi_pool_connections"), as promtool demands.
/// Label names follow the same character rule without ':' (collapsing runs of '_' also means a label never
/// starts with "__", which Prometheus reserves).
class PrometheusNames
{
public:
    struct Family
    {
        std::string name;
        /// Values (and histogram bounds) are divided by this: 1000 for ms → s. A division, not a multiplication
        /// by 0.001, so a bound of 5 ms renders as le="0.005" rather than "0.005000000000000001".
        double divisor = 1;
    };

    static Family family(const telemetry::MetricPoint& point);
    static std::string labelName(std::string_view key);

    /// Label values escape backslash, double quote and newline; HELP text backslash and newline.
    static std::string escapeLabelValue(std::string_view value);
    static std::string escapeHelp(std::string_view text);

    /// Go's float syntax as Prometheus reads it: shortest round-trip decimal, "+Inf", "-Inf", "NaN".
    static std::string number(double value);

private:
    static std::string sanitized(std::string_view text, bool allowColon);
};
} // namespace akashi::plugins::exporter::prometheus
