#include "PrometheusNames.h"

#include <charconv>
#include <cmath>

namespace akashi::plugins::exporter::prometheus
{
namespace
{
struct UnitRule
{
    std::string_view unit;
    std::string_view suffix;
    double divisor;
};

constexpr UnitRule kUnits[] = {
    {"s", "seconds", 1},       {"ms", "seconds", 1e3}, {"us", "seconds", 1e6}, {"ns", "seconds", 1e9},
    {"By", "bytes", 1},        {"%", "percent", 1},     {"1", "", 1},
};

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

void appendSuffix(std::string& name, std::string_view suffix)
{
    if (suffix.empty() || endsWith(name, "_" + std::string(suffix)))
        return;
    name += '_';
    name += suffix;
}
} // namespace

std::string PrometheusNames::sanitized(std::string_view text, bool allowColon)
{
    std::string out;
    out.reserve(text.size() + 1);
    for (const char c : text)
    {
        const bool valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                           (allowColon && c == ':');
        const char mapped = valid ? c : '_';
        if (mapped == '_' && !out.empty() && out.back() == '_')
            continue;
        out += mapped;
    }
    if (out.empty() || (out[0] >= '0' && out[0] <= '9'))
        out.insert(out.begin(), '_');
    return out;
}

PrometheusNames::Family PrometheusNames::family(const telemetry::MetricPoint& point)
{
    Family family{sanitized(point.name, true), 1};
    // "_total" means a counter to Prometheus (promtool refuses it on anything else): a gauge such as
    // akashi.pool.connections.total is written without it.
    if (point.type != telemetry::MetricType::counter && endsWith(family.name, "_total") && family.name != "_total")
        family.name.resize(family.name.size() - std::string_view("_total").size());
    const bool annotation = !point.unit.empty() && point.unit.front() == '{';
    if (!annotation && !point.unit.empty())
    {
        bool known = false;
        for (const auto& rule : kUnits)
            if (point.unit == rule.unit)
            {
                appendSuffix(family.name, rule.suffix);
                family.divisor = rule.divisor;
                known = true;
                break;
            }
        if (!known)
            appendSuffix(family.name, sanitized(point.unit, false));
    }
    if (point.type == telemetry::MetricType::counter)
        appendSuffix(family.name, "total");
    return family;
}

std::string PrometheusNames::labelName(std::string_view key)
{
    return sanitized(key, false);
}

std::string PrometheusNames::escapeLabelValue(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value)
    {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string PrometheusNames::escapeHelp(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text)
    {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string PrometheusNames::number(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}
} // namespace akashi::plugins::exporter::prometheus
