#include "config/ConfigLoader.h"

#include "common/Exception.h"
#include "config/ConfigSchema.h"
#include "config/ConfigValidator.h"

#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <vector>

extern char** environ;

namespace akashi::config
{
namespace
{
Poco::AutoPtr<Poco::Util::MapConfiguration> mapLayer(const std::map<std::string, std::string>& values)
{
    Poco::AutoPtr<Poco::Util::MapConfiguration> layer(new Poco::Util::MapConfiguration);
    for (const auto& [key, value] : values)
        layer->setString(key, value);
    return layer;
}
} // namespace

std::map<std::string, std::string> processEnvironment()
{
    std::map<std::string, std::string> env;
    for (char** entry = environ; entry && *entry; ++entry)
    {
        const std::string text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string::npos)
            env.emplace(text.substr(0, eq), text.substr(eq + 1));
    }
    return env;
}

void loadConfiguration(Poco::Util::LayeredConfiguration& target, const ConfigSources& sources)
{
    std::vector<std::string> problems;

    std::map<std::string, std::string> defaults;
    std::map<std::string, std::string> fromEnv;
    std::map<std::string, std::string> envSources;
    for (const auto& row : configSchema())
    {
        defaults.emplace(row.key, row.defaultValue);
        for (const auto& name : row.envNames)
        {
            auto it = sources.environment.find(std::string(name));
            if (it == sources.environment.end())
                continue;
            fromEnv.emplace(row.key, it->second);
            envSources.emplace(row.key, name);
            break;
        }
    }
    target.add(mapLayer(defaults), "defaults", kDefaultsPriority, false);

    if (sources.propertiesFile)
    {
        const std::string& path = *sources.propertiesFile;
        if (Poco::File(path).exists())
        {
            try
            {
                target.add(new Poco::Util::PropertyFileConfiguration(path), "file", kFilePriority, false);
            }
            catch (const Poco::Exception& e)
            {
                problems.push_back("cannot read configuration file " + path + ": " + e.displayText());
            }
        }
        else if (sources.propertiesFileExplicit)
            problems.push_back("configuration file " + path + " does not exist");
    }

    target.add(mapLayer(fromEnv), "environment", kEnvironmentPriority, false);
    target.add(mapLayer(sources.overrides), "overrides", kOverridesPriority, false);

    const auto invalid = ConfigValidator::validate(target, envSources);
    problems.insert(problems.end(), invalid.begin(), invalid.end());
    if (problems.empty())
        return;
    std::string detail;
    for (const auto& p : problems)
        detail += (detail.empty() ? "" : "\n") + p;
    throw Exception(ErrorCode::configInvalid, "invalid configuration", detail,
                    "See docs/configuration.md (or akashi --print-config-docs) for every key and its format.");
}
} // namespace akashi::config
