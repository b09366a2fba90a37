#include "PrometheusText.h"

#include "PrometheusNames.h"

#include <map>
#include <numeric>
#include <set>
#include <utility>
#include <variant>

namespace akashi::plugins::exporter::prometheus
{
namespace
{
using telemetry::MetricPoint;
using telemetry::MetricType;

struct Family
{
    std::string name;
    MetricType type = MetricType::gauge;
    std::string help;
    double divisor = 1;
    std::vector<const MetricPoint*> points;
    std::set<std::string> series; ///< label sets written so far
};

const char* typeName(MetricType type)
{
    switch (type)
    {
    case MetricType::counter: return "counter";
    case MetricType::histogram: return "histogram";
    case MetricType::gauge: break;
    }
    return "gauge";
}

std::string attributeText(const telemetry::AttributeValue& value)
{
    struct Formatter
    {
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return PrometheusNames::number(d); }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
    };
    return std::visit(Formatter{}, value);
}

/// `name="value",...` in attribute key order, merging keys that sanitise alike.
std::string labels(const telemetry::Attributes& attributes)
{
    std::vector<std::pair<std::string, std::string>> merged;
    for (const auto& [key, value] : attributes)
    {
        std::string name = PrometheusNames::labelName(key);
        std::string text = attributeText(value);
        bool joined = false;
        for (auto& [existingName, existingValue] : merged)
            if (existingName == name)
            {
                existingValue += ";" + text;
                joined = true;
                break;
            }
        if (!joined)
            merged.emplace_back(std::move(name), std::move(text));
    }
    std::string out;
    for (const auto& [name, value] : merged)
    {
        if (!out.empty())
            out += ',';
        out += name + "=\"" + PrometheusNames::escapeLabelValue(value) + "\"";
    }
    return out;
}

void appendSample(std::string& out, const std::string& name, const std::string& labelText, const std::string& value)
{
    out += name;
    if (!labelText.empty())
        out += "{" + labelText + "}";
    out += ' ';
    out += value;
    out += '\n';
}

std::string histogramProblem(const MetricPoint& point)
{
    if (point.bucketCounts.size() != point.bucketBounds.size() + 1)
        return "histogram \"" + point.name + "\" has " + std::to_string(point.bucketBounds.size()) + " bucket bounds and " +
               std::to_string(point.bucketCounts.size()) + " bucket counts; it needs one count more than bounds";
    if (std::accumulate(point.bucketCounts.begin(), point.bucketCounts.end(), std::uint64_t{0}) != point.count)
        return "histogram \"" + point.name + "\" has bucket counts that do not add up to its count " +
               std::to_string(point.count);
    return {};
}

void appendHistogram(std::string& out, const Family& family, const MetricPoint& point)
{
    const std::string base = labels(point.attributes);
    const std::string prefix = base.empty() ? "" : base + ",";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < point.bucketCounts.size(); ++i)
    {
        cumulative += point.bucketCounts[i];
        const std::string le =
            i < point.bucketBounds.size() ? PrometheusNames::number(point.bucketBounds[i] / family.divisor) : "+Inf";
        appendSample(out, family.name + "_bucket", prefix + "le=\"" + le + "\"", std::to_string(cumulative));
    }
    appendSample(out, family.name + "_sum", base, PrometheusNames::number(point.value / family.divisor));
    appendSample(out, family.name + "_count", base, std::to_string(point.count));
}
} // namespace

PrometheusText::Rendered PrometheusText::render(const std::vector<MetricPoint>& points)
{
    Rendered rendered;
    const auto skip = [&rendered](std::string why) {
        if (rendered.problem.empty())
            rendered.problem = std::move(why);
    };
    std::vector<Family> families;
    std::map<std::string, std::size_t> byName;
    for (const auto& point : points)
    {
        const PrometheusNames::Family naming = PrometheusNames::family(point);
        auto [it, inserted] = byName.try_emplace(naming.name, families.size());
        if (inserted)
            families.push_back(Family{naming.name, point.type, point.description.empty() ? point.name : point.description,
                                      naming.divisor, {}, {}});
        Family& family = families[it->second];
        if (family.type != point.type)
        {
            skip("metric \"" + point.name + "\" is a " + typeName(point.type) + " but \"" + family.name + "\" is a " +
                 typeName(family.type));
            continue;
        }
        if (point.type == MetricType::histogram)
            if (std::string problem = histogramProblem(point); !problem.empty())
            {
                skip(std::move(problem));
                continue;
            }
        if (!family.series.insert(labels(point.attributes)).second)
        {
            skip("metric \"" + point.name + "\" repeats a series of \"" + family.name + "\" with the same labels");
            continue;
        }
        family.points.push_back(&point);
    }

    std::string& out = rendered.body;
    for (const auto& family : families)
    {
        if (family.points.empty())
            continue;
        out += "# HELP " + family.name + " " + PrometheusNames::escapeHelp(family.help) + "\n";
        out += "# TYPE " + family.name + " " + typeName(family.type) + "\n";
        for (const MetricPoint* point : family.points)
        {
            if (family.type == MetricType::histogram)
                appendHistogram(out, family, *point);
            else
                appendSample(out, family.name, labels(point->attributes), PrometheusNames::number(point->value / family.divisor));
        }
    }
    return rendered;
}
} // namespace akashi::plugins::exporter::prometheus
