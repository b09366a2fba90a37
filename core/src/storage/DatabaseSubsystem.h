#pragma once
#include "storage/Database.h"
#include "storage/EmbeddedPostgres.h"

#include "app/Subsystem.h"

#include <memory>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::storage
{
/// Owns the database connection for the process: with `akashi.database.url` (DATABASE_URL) it connects
/// there; without, it runs the embedded cluster under `akashi.state_dir`. Stopped last (after HTTP and
/// plugins), and stops the embedded cluster after closing the pool.
class DatabaseSubsystem final : public app::Subsystem
{
public:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;
    const char* name() const override { return "database"; }

    /// Valid between initialize and uninitialize.
    Database& database();

    /// The decision and start-up logic, callable without a Poco Application (tests).
    void start(const Poco::Util::AbstractConfiguration& config);
    void stop();


private:
    void open(const Poco::Util::AbstractConfiguration& config);

    std::unique_ptr<EmbeddedPostgres> _embedded;
    std::unique_ptr<Database> _database;
};
} // namespace akashi::storage
