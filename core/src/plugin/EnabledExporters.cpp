#include "plugin/EnabledExporters.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace akashi::plugin
{
std::vector<std::string> enabledExporters(const Poco::Util::AbstractConfiguration& config)
{
    std::vector<std::string> names;
    const auto add = [&names](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    };
    Poco::StringTokenizer listed(config.getString("akashi.exporter.enabled", ""), ",",
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& name : listed)
    {
        if (name != "auto")
            add(name);
        else if (!Poco::trim(config.getString("akashi.exporter.otlp.endpoint", "")).empty())
            add("otlp");
    }
    return names;
}
} // namespace akashi::plugin
