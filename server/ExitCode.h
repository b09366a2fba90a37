#pragma once

namespace akashi::server
{
/// Exit codes of the admin subcommands: sysexits.h where one fits, as the server's own EXIT_CONFIG.
struct ExitCode
{
    static constexpr int ok = 0;
    static constexpr int failure = 1;    ///< database errors, conflicts, refused migrations
    static constexpr int usage = 64;     ///< EX_USAGE: unknown subcommand or option, missing argument
    static constexpr int dataError = 65; ///< EX_DATAERR: a value that fails validation (agent id, role, org)
    static constexpr int software = 70;  ///< EX_SOFTWARE: the command could not run (e.g. database unreachable)
    static constexpr int cantCreate = 73; ///< EX_CANTCREAT: a file that cannot be written
    static constexpr int config = 78;    ///< EX_CONFIG: the configuration is invalid
};
} // namespace akashi::server
