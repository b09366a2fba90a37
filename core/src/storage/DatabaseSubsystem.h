#pragma once
#include "storage/Database.h"
#include "storage/EmbeddedPostgres.h"
#include "storage/PartitionMaintainer.h"

#include "app/Subsystem.h"

#include <chrono>
#include <memory>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::storage
{
/// Owns the database connection for the process: with `akashi.database.url` (DATABASE_URL) it connects
/// there; without, it runs the embedded cluster under `akashi.state_dir`. Once connected it applies the
/// embedded migrations (unless `akashi.database.skip_embedded_migrations`), creates the agent_events
/// partitions ahead and keeps them ahead with a PartitionMaintainer, so the server reports ready only on
/// a current schema. Stopped last (after HTTP and plugins): the maintainer, then the pool, then the
/// embedded cluster.
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
    /// Shutdown step 4 (runbook §8): the partition maintainer, the pool, then the embedded cluster.
    void stop();

    /// The embedded cluster's options from akashi.state_dir and akashi.database.embedded.* (shared with
    /// the admin commands, which must find the same cluster).
    static EmbeddedPostgres::Options embeddedOptions(const Poco::Util::AbstractConfiguration& config);

private:
    void open(const Poco::Util::AbstractConfiguration& config);
    void prepareSchema(const Poco::Util::AbstractConfiguration& config);

    std::unique_ptr<EmbeddedPostgres> _embedded;
    std::unique_ptr<Database> _database;
    std::unique_ptr<PartitionMaintainer> _maintainer; ///< uses _database: declared (so destroyed) after it
    std::chrono::milliseconds _loopDrainTimeout{0};
};
} // namespace akashi::storage
