#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
class Database;
}

namespace akashi::server
{
class CommandEnvironment;

/// Operator subcommands of the `akashi` binary that run and exit instead of serving (`akashi migrate`,
/// `akashi create-agent ...`): one flat table of commands, each in its own file. A first argument that
/// is not an option names a subcommand; an unknown one is a usage error (exit 64), never a server start.
class AdminCommands
{
public:
    /// The exit code when `args[0]` names a subcommand (or is not an option); nullopt when the
    /// arguments are the server's (then serve).
    static std::optional<int> run(const std::vector<std::string>& args);

    /// Runs subcommand `args[0]` with the rest, writing to `out` and `err`.
    static int dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

    /// The list of subcommands with a line each (`akashi help`, and the end of `akashi --help`).
    static std::string summary();

    /// One table row. `configured` commands take the server's --config-file / --set options.
    struct Subcommand
    {
        const char* name;
        const char* synopsis;
        const char* usage;
        bool configured;
        int (*run)(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err);
    };

    /// Adapts a command that only needs the database (`run(database, args, out, err)`, e.g.
    /// VerifyIntegrityCommand::run) to a table row's `run`: the database is opened first.
    template <int (*Run)(storage::Database&, const std::vector<std::string>&, std::ostream&, std::ostream&)>
    static int onDatabase(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err);
};
} // namespace akashi::server
