#include "CommandEnvironment.h"

#include "UsageError.h"

#include "config/ConfigSchema.h"
#include "config/Duration.h"
#include "storage/Database.h"
#include "storage/DatabaseSubsystem.h"
#include "storage/EmbeddedPostgres.h"

#include <ostream>

namespace akashi::server
{
namespace
{
/// `--name=value` or `--name value`; nullopt when `args[i]` is not option `name` / `shortName`.
std::optional<std::string> optionValue(const std::vector<std::string>& args, std::size_t& i, const std::string& name,
                                       const std::string& shortName)
{
    const std::string& arg = args[i];
    const std::string inlinePrefix = name + "=";
    if (arg.rfind(inlinePrefix, 0) == 0)
        return arg.substr(inlinePrefix.size());
    if (arg != name && arg != shortName)
        return std::nullopt;
    if (i + 1 >= args.size())
        throw UsageError(name + " needs a value");
    return args[++i];
}
} // namespace

CommandEnvironment::CommandEnvironment() : _config(new Poco::Util::LayeredConfiguration)
{
    _sources.propertiesFile = kDefaultPropertiesFile;
    _sources.environment = config::processEnvironment();
}

CommandEnvironment::~CommandEnvironment()
{
    _database.reset(); // its connections close before the cluster they point at stops
    _embedded.reset(); // stops the cluster only if this object started it (see database())
}

std::vector<std::string> CommandEnvironment::takeOptions(const std::vector<std::string>& args)
{
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        if (auto file = optionValue(args, i, "--config-file", "-c"))
        {
            _sources.propertiesFile = *file;
            _sources.propertiesFileExplicit = true;
            continue;
        }
        if (auto assignment = optionValue(args, i, "--set", "-s"))
        {
            const auto eq = assignment->find('=');
            if (eq == std::string::npos || eq == 0)
                throw UsageError("--set expects KEY=VALUE, got \"" + *assignment + "\"");
            _sources.overrides[assignment->substr(0, eq)] = assignment->substr(eq + 1);
            continue;
        }
        rest.push_back(args[i]);
    }
    return rest;
}

const Poco::Util::AbstractConfiguration& CommandEnvironment::configuration()
{
    if (!_loaded)
    {
        config::loadConfiguration(*_config, _sources); // throws before _loaded is set: a retry reports again
        _loaded = true;
    }
    return *_config;
}

std::string CommandEnvironment::sourceOf(const std::string& key)
{
    configuration();
    if (_config->find("overrides")->has(key))
        return "--set";
    if (_config->find("environment")->has(key))
    {
        // The layer holds the key; the variable is the first of the row's names that is set.
        if (const auto* row = config::findConfigKey(key))
            for (const auto& name : row->envNames)
                if (_sources.environment.count(std::string(name)))
                    return "environment " + std::string(name);
        return "environment";
    }
    if (auto file = _config->find("file"); file && file->has(key))
        return "file " + propertiesFile();
    return "default";
}

storage::Database& CommandEnvironment::database(std::ostream& notes)
{
    if (_database)
        return *_database;
    const auto& config = configuration();
    const std::string url = config.getString("akashi.database.url", "");
    storage::ConnectionSettings settings;
    if (url.empty())
    {
        _embedded = std::make_unique<storage::EmbeddedPostgres>(storage::DatabaseSubsystem::embeddedOptions(config));
        _embedded->start();
        if (_embedded->adopted())
        {
            // Someone else's cluster (the running server's): never stop it under them.
            _embedded->detach();
            notes << "using the embedded PostgreSQL cluster already running in " << _embedded->dataDir()
                  << " (left running)\n";
        }
        else
            notes << "started the embedded PostgreSQL cluster in " << _embedded->dataDir()
                  << " for this command (stopped when it ends)\n";
        settings = _embedded->connectionSettings();
    }
    else
        settings = storage::ConnectionSettings::parseUrl(url);
    // One command, one connection at a time.
    _database = std::make_unique<storage::Database>(settings, storage::Database::PoolSize{1, 2},
                                                    config::getDuration(config, "akashi.database.connect_timeout"));
    return *_database;
}
} // namespace akashi::server
