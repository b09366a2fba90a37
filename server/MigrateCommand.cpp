#include "MigrateCommand.h"

#include "CommandEnvironment.h"
#include "ExitCode.h"
#include "UsageError.h"

#include "storage/Migration.h"
#include "storage/Migrator.h"

#include <ostream>

namespace akashi::server
{
int MigrateCommand::run(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                        std::ostream& err)
{
    bool dryRun = false;
    for (const auto& arg : args)
    {
        if (arg != "--dry-run")
            throw UsageError("unexpected argument \"" + arg + "\"");
        dryRun = true;
    }
    auto& database = environment.database(err);
    const auto& migrations = storage::embeddedMigrations();
    storage::Migrator migrator(migrations);
    if (dryRun)
    {
        const auto pending = migrator.pending(database);
        for (const auto& migration : pending)
            out << "pending " << migration.fileName() << "\n";
        const auto applied = migrations.size() - pending.size();
        if (pending.empty())
            out << "schema is up to date (" << applied << " migrations applied)\n";
        else
            out << pending.size() << " pending migration(s), " << applied << " already applied; nothing applied "
                << "(dry run)\n";
        return ExitCode::ok;
    }
    const auto report = migrator.apply(database, [&out](const storage::Migration& migration) {
        out << "applying " << migration.fileName() << std::endl; // flushed: progress while a long one runs
    });
    if (report.applied.empty())
        out << "schema is up to date (" << report.alreadyApplied << " migrations applied)\n";
    else
        out << "applied " << report.applied.size() << " migration(s), " << report.alreadyApplied
            << " were already applied\n";
    return ExitCode::ok;
}
} // namespace akashi::server
