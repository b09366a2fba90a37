#pragma once
#include <map>
#include <string>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::config
{
/// The keys under `akashi.<kind>.<name>.`, relative to that prefix, with their string values: the only
/// configuration a plugin sees.
std::map<std::string, std::string> pluginSubtree(const Poco::Util::AbstractConfiguration& config,
                                                 const std::string& kind, const std::string& name);
} // namespace akashi::config
