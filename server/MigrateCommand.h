#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace akashi::server
{
class CommandEnvironment;

/// `akashi migrate [--dry-run]`: applies the migrations built into this binary that the database lacks
/// (all in one transaction under the migration advisory lock, as at server start), printing
/// `applying <file>` before each; `--dry-run` lists them (`pending <file>`) and changes nothing. Both
/// first check the migrations already recorded (checksums, unknown versions, gaps) and fail naming
/// the offending file.
class MigrateCommand
{
public:
    static constexpr const char* kUsage =
        "usage: akashi migrate [--dry-run] [--config-file FILE] [--set KEY=VALUE]...\n"
        "Applies the pending schema migrations built into this binary to the server's database (DATABASE_URL,\n"
        "or the embedded cluster under the state directory), in one transaction: on any error nothing is applied.\n"
        "  --dry-run   list the pending migrations without applying them\n"
        "Exit codes: 0 done (or nothing to do), 1 a migration failed or the recorded ones do not match this\n"
        "binary (e.g. a changed checksum), 64 usage, 78 invalid configuration.\n";

    /// Throws UsageError for an unknown argument and akashi::Exception for database and migration errors.
    static int run(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err);
};
} // namespace akashi::server
