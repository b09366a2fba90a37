#pragma once
#include "support/ServerProcess.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <string>
#include <vector>

namespace akashi::test
{
/// One admin subcommand run as a process of the built binary: its exit code and output.
struct CommandRun
{
    int exitCode = -1;
    std::string out;
    std::string err;

    /// `akashi <args...>` with `env`; never reads /etc (`--config-file=/dev/null` unless `args` name a file).
    static CommandRun of(const ServerProcess::Env& env, std::vector<std::string> args,
                         std::chrono::seconds timeout = std::chrono::seconds(120))
    {
        bool hasConfig = false;
        for (const auto& arg : args)
            hasConfig = hasConfig || arg.rfind("--config-file", 0) == 0;
        if (!hasConfig && args.size() > 0 && args[0] != "help" && args[0] != "keygen")
            args.push_back("--config-file=/dev/null");
        ServerProcess process(env, args);
        CommandRun run;
        run.exitCode = process.waitForExit(timeout);
        run.out = process.stdoutText();
        run.err = process.stderrText();
        return run;
    }

    /// For assertion messages.
    std::string text() const
    {
        return "exit " + std::to_string(exitCode) + "\nstdout:\n" + out + "stderr:\n" + err;
    }

    /// stdout lines that start with `prefix`.
    std::vector<std::string> linesStartingWith(const std::string& prefix) const
    {
        std::vector<std::string> lines;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);)
            if (line.rfind(prefix, 0) == 0)
                lines.push_back(line);
        return lines;
    }
};
} // namespace akashi::test
