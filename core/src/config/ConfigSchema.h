#pragma once
#include "config/ConfigKey.h"

#include <string_view>
#include <vector>

namespace akashi::config
{
/// The one table of every configuration key the server reads (docs/configuration.md and
/// etc/akashi.properties are generated from it).
const std::vector<ConfigKey>& configSchema();

/// The key's row, or nullptr when `key` is not in the schema.
const ConfigKey* findConfigKey(std::string_view key);

/// Configuration sections whose `<section>.<plugin name>.*` subtrees belong to plugins.
bool isPluginSection(std::string_view section);
} // namespace akashi::config
