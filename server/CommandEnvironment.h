#pragma once
#include "config/ConfigLoader.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
class Database;
class EmbeddedPostgres;
} // namespace akashi::storage

namespace akashi::server
{
/// What the admin subcommands share with the server: its configuration, loaded exactly as the server
/// loads it (built-in defaults < /etc/akashi/akashi.properties or --config-file < environment <
/// --set), and the database it would use: DATABASE_URL, or without one the embedded cluster under the
/// state directory. An embedded cluster that is already running (the server's, or one a killed server
/// left) is used and left running; one that is not is started for the command and stopped when this
/// object is destroyed. Migrations are never applied here: that is `akashi migrate`'s decision.
class CommandEnvironment
{
public:
    /// The properties file the server reads unless --config-file names another.
    static constexpr const char* kDefaultPropertiesFile = "/etc/akashi/akashi.properties";

    CommandEnvironment();
    ~CommandEnvironment();

    CommandEnvironment(const CommandEnvironment&) = delete;
    CommandEnvironment& operator=(const CommandEnvironment&) = delete;

    /// Takes the server's configuration options out of `args` (`--config-file FILE`, `--set KEY=VALUE`,
    /// also as `--config-file=FILE`, `--set=KEY=VALUE`, `-c FILE`, `-s KEY=VALUE`) and returns the
    /// rest in order. Throws UsageError for a missing value or a --set without `=`.
    std::vector<std::string> takeOptions(const std::vector<std::string>& args);

    /// Loaded on first use. Throws akashi::Exception(configInvalid, "invalid configuration", one line
    /// per problem) like the server's start.
    const Poco::Util::AbstractConfiguration& configuration();

    /// Where the effective value of `key` comes from: `--set`, `environment <VARIABLE>`,
    /// `file <path>` or `default`. Loads the configuration first.
    std::string sourceOf(const std::string& key);

    /// The properties file consulted (the default or --config-file's).
    const std::string& propertiesFile() const noexcept { return *_sources.propertiesFile; }

    /// Opened on first use (configuration first). `notes` gets a line when the embedded cluster is
    /// started or reused. Throws akashi::Exception (configInvalid, databaseUnavailable, ...).
    storage::Database& database(std::ostream& notes);

private:
    config::ConfigSources _sources;
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> _config;
    bool _loaded = false;
    std::unique_ptr<storage::EmbeddedPostgres> _embedded; ///< before _database: destroyed after it
    std::unique_ptr<storage::Database> _database;
};
} // namespace akashi::server
