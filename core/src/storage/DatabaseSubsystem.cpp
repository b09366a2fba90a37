#include "storage/DatabaseSubsystem.h"

#include "common/Exception.h"
#include "config/Duration.h"
#include "logging/Log.h"

#include <Poco/Util/Application.h>

namespace akashi::storage
{
Database& DatabaseSubsystem::database()
{
    if (!_database)
        throw Exception(ErrorCode::internal, "database used before it was started");
    return *_database;
}

void DatabaseSubsystem::initialize(Poco::Util::Application& app)
{
    start(app.config());
}

void DatabaseSubsystem::uninitialize()
{
    stop();
}

void DatabaseSubsystem::start(const Poco::Util::AbstractConfiguration& config)
{
    try
    {
        open(config);
    }
    catch (...)
    {
        stop(); // never leave the embedded cluster running behind a failed start
        throw;
    }
}

void DatabaseSubsystem::open(const Poco::Util::AbstractConfiguration& config)
{
    const std::string url = config.getString("akashi.database.url", "");
    ConnectionSettings settings;
    if (url.empty())
    {
        EmbeddedPostgres::Options options;
        options.baseDir = config.getString("akashi.state_dir") + "/postgres";
        options.binDir = config.getString("akashi.database.embedded.bin_dir");
        options.port = config.getInt("akashi.database.embedded.port");
        options.osUser = config.getString("akashi.database.embedded.user");
        _embedded = std::make_unique<EmbeddedPostgres>(options);
        _embedded->start();
        settings = _embedded->connectionSettings();
    }
    else
        settings = ConnectionSettings::parseUrl(url);

    const auto size = Database::resolvePoolSize(config.getInt("akashi.database.min_conns"),
                                                config.getInt("akashi.database.max_conns"));
    _database = std::make_unique<Database>(settings, size,
                                           config::getDuration(config, "akashi.database.connect_timeout"));
    logging::info(Poco::Logger::get("storage"), "database connected",
                  {{"target", settings.masked()},
                   {"mode", _embedded ? "embedded" : "external"},
                   {"pool_max", size.max},
                   {"server_version", _database->serverVersion()}});
}

void DatabaseSubsystem::stop()
{
    _database.reset();
    if (_embedded)
    {
        _embedded->stop();
        _embedded.reset();
    }
}
} // namespace akashi::storage
