#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace akashi::server
{
class CommandEnvironment;

/// `akashi create-agent`: registers an agent with the same rules as POST /v1/agents (agent_id format,
/// reserved ids, role names, one agent_id per org) acting as a platform administrator, so it works
/// before any agent exists. Without --api-key it generates a key and prints it once on stdout; keys
/// are never logged.
class CreateAgentCommand
{
public:
    static constexpr const char* kUsage =
        "usage: akashi create-agent --agent-id ID --name NAME [--role ROLE] [--org ORG_UUID] [--api-key KEY|-]\n"
        "                           [--config-file FILE] [--set KEY=VALUE]...\n"
        "Creates an agent in the server's database and prints its API key once (store it: it cannot be shown again).\n"
        "  --agent-id ID   1-255 of letters, digits, '.', '_', '@', '-' (reserved: admin, system, root, ...)\n"
        "  --name NAME     display name, 1-255 characters\n"
        "  --role ROLE     reader, agent (default), admin, org_owner or platform_admin\n"
        "  --org ORG_UUID  the organization (default: the default org 00000000-0000-0000-0000-000000000000)\n"
        "  --api-key KEY   use this key instead of generating one; '-' reads it from the first line of stdin\n"
        "                  (a key on the command line is visible to other users in the process list)\n"
        "Exit codes: 0 created, 1 agent_id already exists or a database error, 64 usage, 65 invalid value,\n"
        "78 invalid configuration.\n";

    /// Throws UsageError, akashi::Exception(invalidInput) for invalid values and akashi::Exception for
    /// conflicts and database errors.
    static int run(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err);
};
} // namespace akashi::server
