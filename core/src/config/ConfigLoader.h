#pragma once
#include <map>
#include <optional>
#include <string>

namespace Poco::Util
{
class LayeredConfiguration;
}

namespace akashi::config
{
/// Where configuration comes from, lowest precedence first: built-in defaults, the properties file,
/// environment variables, `--set` overrides.
struct ConfigSources
{
    std::optional<std::string> propertiesFile;
    bool propertiesFileExplicit = false; ///< given with --config-file: then a missing file is an error
    std::map<std::string, std::string> environment;
    std::map<std::string, std::string> overrides;
};

/// Layer priorities in Poco's LayeredConfiguration (lower = consulted first). Poco's own application
/// layer sits at -100 and the system layer at 100; ours bracket them on purpose so that `akashi.*` keys
/// resolve overrides > environment > file > defaults.
inline constexpr int kOverridesPriority = -300;
inline constexpr int kEnvironmentPriority = -200;
inline constexpr int kFilePriority = 200;
inline constexpr int kDefaultsPriority = 300;

/// Adds the four layers to `target` and validates the result. Throws one
/// akashi::Exception(configInvalid, "invalid configuration", <one line per problem>, hint) listing every
/// problem at once.
void loadConfiguration(Poco::Util::LayeredConfiguration& target, const ConfigSources& sources);

/// The process environment as a map.
std::map<std::string, std::string> processEnvironment();
} // namespace akashi::config
