#pragma once
#include <string>
#include <vector>

namespace akashi::storage
{
struct CommandResult
{
    int exitCode = -1;  ///< -1 when the command could not be started
    std::string output; ///< stdout and stderr together
};

/// Runs an external program (initdb, pg_ctl, runuser) to completion and captures its output.
///
/// Uses posix_spawn with an empty signal mask: the server blocks SIGTERM/SIGINT in every thread so that
/// only its main thread receives them, and a child would otherwise inherit that mask.
class CommandRunner
{
public:
    /// `argv[0]` is an absolute path or a name found on PATH. Never throws.
    static CommandResult run(const std::vector<std::string>& argv);

    /// `argv` run as `user` via runuser when the server is root; as is otherwise.
    static CommandResult runAs(const std::string& user, const std::vector<std::string>& argv);

    /// The last `maxLines` lines of `text`, for error details.
    static std::string tail(const std::string& text, std::size_t maxLines = 15);
};
} // namespace akashi::storage
