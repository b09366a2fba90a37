#include "config/ConfigValidator.h"

#include "config/ConfigSchema.h"
#include "config/Duration.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace akashi::config
{
namespace
{
std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::string joined(const std::vector<std::string_view>& values)
{
    std::string out;
    for (const auto& v : values)
        out += (out.empty() ? "" : ", ") + std::string(v);
    return out;
}

/// The problem with `value` for `row`, or empty when it is valid.
std::string checkValue(const ConfigKey& row, const std::string& value)
{
    const std::string quoted = "\"" + value + "\"";
    switch (row.type)
    {
    case ValueType::string:
    case ValueType::list: return {};
    case ValueType::integer:
    {
        Poco::Int64 number = 0;
        if (!Poco::NumberParser::tryParse64(Poco::trim(value), number))
            return quoted + " is not an integer";
        if (number < row.min)
            return std::to_string(number) + " is below the minimum " + std::to_string(row.min);
        if (number > row.max)
            return std::to_string(number) + " is above the maximum " + std::to_string(row.max);
        return {};
    }
    case ValueType::boolean:
    {
        const std::string lower = Poco::toLower(Poco::trim(value));
        for (const char* accepted : {"true", "false", "yes", "no", "on", "off", "1", "0"})
            if (lower == accepted)
                return {};
        return quoted + " is not a boolean (true or false)";
    }
    case ValueType::duration:
        return parseDuration(value) ? std::string() : quoted + " is not a duration (e.g. 30s, 100ms, 5m)";
    case ValueType::enumeration:
        return std::find(row.allowed.begin(), row.allowed.end(), value) != row.allowed.end()
                   ? std::string()
                   : quoted + " is not one of " + joined(row.allowed);
    }
    return {};
}

/// True for `akashi.<plugin section>.<name>.<rest>` where `akashi.<section>.<name>` is not a schema key.
bool isPluginOwned(const std::string& key)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1)
        parts.push_back(key.substr(start, dot - start));
    parts.push_back(key.substr(start));
    return parts.size() >= 4 && parts[0] == "akashi" && isPluginSection(parts[1]) &&
           !findConfigKey("akashi." + parts[1] + "." + parts[2]);
}
} // namespace

std::vector<std::string> ConfigValidator::collectKeys(const Poco::Util::AbstractConfiguration& config,
                                                      const std::string& root)
{
    std::vector<std::string> out;
    Poco::Util::AbstractConfiguration::Keys children;
    config.keys(root, children);
    if (children.empty() && config.hasProperty(root))
        out.push_back(root);
    for (const auto& child : children)
    {
        auto below = collectKeys(config, root + "." + child);
        out.insert(out.end(), below.begin(), below.end());
    }
    return out;
}

std::string ConfigValidator::nearestKey(const std::string& key)
{
    std::string best;
    std::size_t bestDistance = std::string::npos;
    for (const auto& row : configSchema())
    {
        const std::size_t d = editDistance(key, std::string(row.key));
        if (d < bestDistance)
        {
            bestDistance = d;
            best = row.key;
        }
    }
    // Suggest only plausible typos: a few edits, relative to the key's length.
    return bestDistance <= std::max<std::size_t>(3, key.size() / 5) ? best : std::string();
}

std::vector<std::string> ConfigValidator::validate(const Poco::Util::AbstractConfiguration& config,
                                                   const std::map<std::string, std::string>& envSources)
{
    std::vector<std::string> problems;
    for (const auto& key : collectKeys(config, "akashi"))
    {
        const ConfigKey* row = findConfigKey(key);
        if (!row)
        {
            if (isPluginOwned(key))
                continue;
            const std::string nearest = nearestKey(key);
            problems.push_back("unknown key " + key + (nearest.empty() ? "" : "; did you mean " + nearest + "?"));
            continue;
        }
        const std::string problem = checkValue(*row, config.getRawString(key));
        if (problem.empty())
            continue;
        auto env = envSources.find(key);
        problems.push_back(key + (env == envSources.end() ? "" : " (" + env->second + ")") + ": " + problem);
    }
    return problems;
}
} // namespace akashi::config
