#include "config/ConfigDocs.h"

#include "config/ConfigSchema.h"

#include <sstream>

namespace akashi::config
{
namespace
{
const char* typeName(const ConfigKey& row)
{
    switch (row.type)
    {
    case ValueType::string: return "string";
    case ValueType::integer: return "integer";
    case ValueType::boolean: return "boolean";
    case ValueType::duration: return "duration";
    case ValueType::enumeration: return "enum";
    case ValueType::list: return "list";
    }
    return "string";
}

std::string typeDetail(const ConfigKey& row)
{
    std::string text = typeName(row);
    if (row.type == ValueType::integer)
        text += " " + std::to_string(row.min) + "–" + std::to_string(row.max);
    if (row.type == ValueType::enumeration)
    {
        text += ":";
        for (std::size_t i = 0; i < row.allowed.size(); ++i)
            text += (i ? ", " : " ") + std::string(row.allowed[i]);
    }
    return text;
}

/// "http" for "akashi.http.port".
std::string sectionOf(std::string_view key)
{
    const auto first = key.find('.');
    const auto second = key.find('.', first + 1);
    return std::string(key.substr(first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1));
}

std::string envList(const ConfigKey& row)
{
    std::string text;
    for (const auto& name : row.envNames)
        text += (text.empty() ? "`" : ", `") + std::string(name) + "`";
    return text;
}
} // namespace

std::string renderConfigurationMarkdown()
{
    std::ostringstream out;
    out << "# Configuration\n\n"
           "<!-- Generated from core/src/config/ConfigSchema.cpp by `make docs`; do not edit by hand. -->\n\n"
           "Every setting has a key, a default, and usually an environment variable. Sources, lowest "
           "precedence first:\n\n"
           "1. built-in defaults (below);\n"
           "2. the properties file `/etc/akashi/akashi.properties`, or the file given with "
           "`--config-file=FILE` (a missing default file is fine; a missing explicit one is an error);\n"
           "3. environment variables (where a key lists several, the first one set wins);\n"
           "4. command-line overrides, `--set key=value` (repeatable).\n\n"
           "All invalid values are reported together at startup, each with its key, the environment variable "
           "it came from, the value and the reason; the server then exits with status 78. Unknown `akashi.*` "
           "keys are fatal too, with the nearest valid key suggested. Keys under a plugin's subtree, "
           "`akashi.<embedding|ratelimit|notify|exporter>.<plugin>.*`, are handed to that plugin, which "
           "validates them when it is created; a subtree naming a plugin that is not installed is an error.\n\n"
           "Durations use Go's syntax: `100ms`, `30s`, `5m`, `24h`, `1h30m`; `0` means no limit where noted.\n";
    std::string section;
    for (const auto& row : configSchema())
    {
        const std::string current = sectionOf(row.key);
        if (current != section)
        {
            section = current;
            out << "\n## " << section << "\n\n| key | environment | type | default | description |\n"
                << "|---|---|---|---|---|\n";
        }
        out << "| `" << row.key << "` | " << envList(row) << " | " << typeDetail(row) << " | "
            << (row.defaultValue.empty() ? std::string("(empty)") : "`" + std::string(row.defaultValue) + "`")
            << " | " << row.description << " |\n";
    }
    return out.str();
}

std::string renderPropertiesFile()
{
    std::ostringstream out;
    out << "# /etc/akashi/akashi.properties — Akashi server configuration.\n"
           "# Generated from the configuration schema (make docs); see docs/configuration.md.\n"
           "# Precedence: built-in defaults < this file < environment variables < --set key=value.\n"
           "# Every key is shown commented out with its default.\n";
    std::string section;
    for (const auto& row : configSchema())
    {
        const std::string current = sectionOf(row.key);
        if (current != section)
        {
            section = current;
            out << "\n# --- " << section << " ---\n";
        }
        out << "\n# " << row.description << "\n# environment: ";
        for (std::size_t i = 0; i < row.envNames.size(); ++i)
            out << (i ? ", " : "") << row.envNames[i];
        out << "\n#" << row.key << " = " << row.defaultValue << "\n";
    }
    return out.str();
}
} // namespace akashi::config
