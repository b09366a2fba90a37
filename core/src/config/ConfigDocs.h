#pragma once
#include <string>

namespace akashi::config
{
/// docs/configuration.md, generated from the schema (`make docs`; a test fails when the file is stale).
std::string renderConfigurationMarkdown();

/// etc/akashi.properties: every key commented out with its default and description.
std::string renderPropertiesFile();
} // namespace akashi::config
