#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace akashi::server
{
class CommandEnvironment;

/// `akashi config check`: loads the configuration as the server would and validates it with the same
/// rules (types, ranges, enumerations, unknown keys: one aggregated error naming every bad key, exit 78);
/// when it is valid, prints `configuration ok` and every setting that is not at its default with its
/// source. Secrets (API keys, passwords in URLs) are masked.
class ConfigCheckCommand
{
public:
    static constexpr const char* kUsage =
        "usage: akashi config check [--config-file FILE] [--set KEY=VALUE]...\n"
        "Validates the configuration the server would load (defaults < properties file < environment < --set)\n"
        "and prints every setting that differs from its default, with where it comes from; secrets are masked.\n"
        "Checks that need the database or the plugins (key files, plugin options) happen at server start.\n"
        "Exit codes: 0 valid, 64 usage, 78 invalid configuration (every problem is listed).\n";

    static int run(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err);

    /// `value` fit to print for `key`: `********` for secret keys (API keys, passwords, tokens), a URL's
    /// password (user:PASSWORD@ or password=) replaced by `****`, anything else unchanged.
    static std::string masked(const std::string& key, const std::string& value);
};
} // namespace akashi::server
