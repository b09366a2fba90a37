#include "config/PluginConfigView.h"

#include "config/ConfigValidator.h"

#include <Poco/Util/AbstractConfiguration.h>

namespace akashi::config
{
std::map<std::string, std::string> pluginSubtree(const Poco::Util::AbstractConfiguration& config,
                                                 const std::string& kind, const std::string& name)
{
    const std::string root = "akashi." + kind + "." + name;
    std::map<std::string, std::string> subtree;
    for (const auto& key : ConfigValidator::collectKeys(config, root))
        if (key.size() > root.size())
            subtree.emplace(key.substr(root.size() + 1), config.getRawString(key));
    return subtree;
}
} // namespace akashi::config
