#pragma once
#include <optional>
#include <string>
#include <vector>

namespace akashi::server
{
/// Operator subcommands of the `akashi` binary that run and exit instead of serving
/// (`akashi keygen ...`). Kept out of AkashiServer: they need no configuration or subsystems.
class AdminCommands
{
public:
    /// The exit code when `args[0]` names a subcommand; nullopt when it does not (then serve).
    static std::optional<int> run(const std::vector<std::string>& args);

private:
    static int keygen(const std::vector<std::string>& args);
};
} // namespace akashi::server
