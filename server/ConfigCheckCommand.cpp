#include "ConfigCheckCommand.h"

#include "CommandEnvironment.h"
#include "ExitCode.h"
#include "UsageError.h"

#include "config/ConfigValidator.h"

#include <Poco/File.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <ostream>

namespace akashi::server
{
namespace
{
constexpr const char* kHidden = "********";

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool secretKey(const std::string& key)
{
    return endsWith(key, "api_key") || endsWith(key, "password") || endsWith(key, "secret") || endsWith(key, "token");
}

/// `scheme://user:PASSWORD@host...` → `scheme://user:****@host...`.
std::string maskUserInfo(std::string value)
{
    const auto scheme = value.find("://");
    if (scheme == std::string::npos)
        return value;
    const auto authorityStart = scheme + 3;
    const auto authorityEnd = value.find_first_of("/?#", authorityStart);
    const auto at = value.rfind('@', authorityEnd == std::string::npos ? std::string::npos : authorityEnd);
    if (at == std::string::npos || at < authorityStart)
        return value;
    const auto colon = value.find(':', authorityStart);
    if (colon == std::string::npos || colon > at)
        return value;
    return value.replace(colon + 1, at - colon - 1, "****");
}

/// `...password=SECRET&...` (libpq URL parameters) → `...password=****&...`.
std::string maskPasswordParameter(std::string value)
{
    for (auto position = value.find("password="); position != std::string::npos;
         position = value.find("password=", position + 1))
    {
        if (position > 0 && value[position - 1] != '?' && value[position - 1] != '&')
            continue;
        const auto start = position + 9;
        const auto end = value.find('&', start);
        value.replace(start, (end == std::string::npos ? value.size() : end) - start, "****");
    }
    return value;
}
} // namespace

std::string ConfigCheckCommand::masked(const std::string& key, const std::string& value)
{
    if (secretKey(key))
        return value.empty() ? value : kHidden;
    return maskPasswordParameter(maskUserInfo(value));
}

int ConfigCheckCommand::run(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                            std::ostream&)
{
    if (args.empty() || args.front() != "check")
        throw UsageError(args.empty() ? "expected \"check\"" : "unknown config command \"" + args.front() + "\"");
    if (args.size() > 1)
        throw UsageError("unexpected argument \"" + args[1] + "\"");
    const auto& config = environment.configuration(); // throws the aggregated error

    out << "configuration ok\n";
    const std::string& file = environment.propertiesFile();
    out << "properties file: " << file
        << (Poco::File(file).exists() ? " (read)" : " (not found: the built-in defaults apply)") << "\n";
    const std::string url = config.getString("akashi.database.url", "");
    if (url.empty())
        out << "database: embedded cluster in " << config.getString("akashi.state_dir") << "/postgres\n";
    else
        out << "database: " << masked("akashi.database.url", url) << "\n";

    auto keys = config::ConfigValidator::collectKeys(config, "akashi");
    std::sort(keys.begin(), keys.end());
    out << "settings not at their defaults:\n";
    bool any = false;
    for (const auto& key : keys)
    {
        const std::string source = environment.sourceOf(key);
        if (source == "default")
            continue;
        any = true;
        out << "  " << key << " = " << masked(key, config.getString(key)) << "  (" << source << ")\n";
    }
    if (!any)
        out << "  (none)\n";
    return ExitCode::ok;
}
} // namespace akashi::server
