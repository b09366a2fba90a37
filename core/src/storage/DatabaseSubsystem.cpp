#include "storage/DatabaseSubsystem.h"

#include "app/LoopShutdown.h"
#include "app/ShutdownPhase.h"
#include "common/Exception.h"
#include "config/Duration.h"
#include "logging/Log.h"
#include "storage/EventPartitions.h"
#include "storage/Migrator.h"

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

EmbeddedPostgres::Options DatabaseSubsystem::embeddedOptions(const Poco::Util::AbstractConfiguration& config)
{
    EmbeddedPostgres::Options options;
    options.baseDir = config.getString("akashi.state_dir") + "/postgres";
    options.binDir = config.getString("akashi.database.embedded.bin_dir");
    options.port = config.getInt("akashi.database.embedded.port");
    options.osUser = config.getString("akashi.database.embedded.user");
    return options;
}

void DatabaseSubsystem::open(const Poco::Util::AbstractConfiguration& config)
{
    const std::string url = config.getString("akashi.database.url", "");
    ConnectionSettings settings;
    if (url.empty())
    {
        _embedded = std::make_unique<EmbeddedPostgres>(embeddedOptions(config));
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
    prepareSchema(config);
}

void DatabaseSubsystem::prepareSchema(const Poco::Util::AbstractConfiguration& config)
{
    auto& logger = Poco::Logger::get("storage");
    const bool skipped = config.getBool("akashi.database.skip_embedded_migrations");
    if (skipped)
    {
        // Someone else owns migrations; the server still needs exactly its schema to serve.
        const auto pending = Migrator(embeddedMigrations()).pending(*_database);
        if (!pending.empty())
        {
            std::string names;
            for (const auto& migration : pending)
                names += (names.empty() ? "" : ", ") + migration.fileName();
            throw Exception(ErrorCode::databaseUnavailable,
                            "the database schema lacks " + std::to_string(pending.size()) +
                                " migration(s) and AKASHI_SKIP_EMBEDDED_MIGRATIONS is true",
                            "pending: " + names,
                            "Apply the migrations shipped in migrations/ with your tool, or unset "
                            "AKASHI_SKIP_EMBEDDED_MIGRATIONS so the server applies them, then restart.");
        }
        logging::info(logger, "embedded migrations skipped",
                      {{"reason", "akashi.database.skip_embedded_migrations is true"}});
    }
    else
    {
        const MigrationReport report = Migrator(embeddedMigrations()).apply(*_database);
        if (report.applied.empty())
            logging::info(logger, "migrations up to date", {{"count", report.alreadyApplied}});
        else
        {
            std::string names;
            for (const auto& name : report.applied)
                names += (names.empty() ? "" : ",") + name;
            logging::info(logger, "migrations applied",
                          {{"count", report.applied.size()}, {"names", names}, {"already_applied", report.alreadyApplied}});
        }
    }

    PartitionMaintainer::Settings settings;
    settings.interval = config::getDuration(config, "akashi.database.partition_check_interval");
    settings.daysAhead = config.getInt("akashi.database.partitions_ahead_days");
    {
        auto connection = _database->connection();
        // Synchronously, so the first request after READY finds today's partition.
        const int created = EventPartitions::ensure(*connection, std::chrono::system_clock::now(), settings.daysBehind,
                                                    settings.daysAhead);
        if (created > 0)
            logging::info(logger, "event partitions created", {{"count", created}});
    }
    _loopDrainTimeout = config::getDuration(config, app::LoopShutdown::kTimeoutKey);
    _maintainer = std::make_unique<PartitionMaintainer>(*_database, settings);
}

void DatabaseSubsystem::stop()
{
    if (!_database && !_embedded)
        return;
    if (_maintainer)
        app::LoopShutdown::stop([maintainer = _maintainer.get()](auto timeout, const auto& interrupt) {
            return maintainer->stop(timeout, interrupt);
        }, "event partition check", _loopDrainTimeout, *_database);
    app::ShutdownPhase phase(4, "database", std::chrono::milliseconds::zero());
    _maintainer.reset(); // stops and joins its thread before the pool it draws from goes away
    _database.reset();
    if (_embedded)
    {
        _embedded->stop();
        _embedded.reset();
    }
}
} // namespace akashi::storage
