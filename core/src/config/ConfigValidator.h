#pragma once
#include <map>
#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::config
{
/// Checks every `akashi.*` key of a configuration against the schema and returns every problem, one
/// line each, naming the key (and the environment variable it came from), the value and the reason.
/// Keys under a plugin's subtree (`akashi.<embedding|ratelimit|notify|exporter>.<plugin>.*`) belong to
/// that plugin, which validates them itself when it is created.
class ConfigValidator
{
public:
    /// `envSources` maps a key to the environment variable that set it, for messages.
    static std::vector<std::string> validate(const Poco::Util::AbstractConfiguration& config,
                                             const std::map<std::string, std::string>& envSources = {});

    /// Every leaf key under `root` (e.g. "akashi"), depth first.
    static std::vector<std::string> collectKeys(const Poco::Util::AbstractConfiguration& config,
                                                const std::string& root);

    /// The schema key closest to `key` by edit distance, or empty when none is close enough to suggest.
    static std::string nearestKey(const std::string& key);
};
} // namespace akashi::config
