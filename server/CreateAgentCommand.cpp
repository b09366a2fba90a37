#include "CreateAgentCommand.h"

#include "CommandEnvironment.h"
#include "ExitCode.h"
#include "UsageError.h"

#include "auth/Principal.h"
#include "auth/RandomId.h"
#include "auth/Role.h"
#include "common/Exception.h"
#include "services/AdminBootstrap.h"
#include "services/AgentService.h"
#include "storage/AgentRepository.h"
#include "storage/DatabaseError.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>

namespace akashi::server
{
namespace
{
constexpr std::size_t kMaxNameLength = 255;
constexpr std::size_t kMaxKeyLength = 1024;

[[noreturn]] void invalid(const std::string& message)
{
    throw Exception(ErrorCode::invalidInput, message);
}

/// `--name value` / `--name=value` pairs; each option at most once.
std::map<std::string, std::string> parseOptions(const std::vector<std::string>& args)
{
    static const char* const kKnown[] = {"--agent-id", "--name", "--role", "--org", "--api-key"};
    std::map<std::string, std::string> options;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        std::string name = args[i];
        std::optional<std::string> value;
        if (const auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos)
        {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown))
            throw UsageError("unexpected argument \"" + args[i] + "\"");
        if (!value)
        {
            if (i + 1 >= args.size())
                throw UsageError(name + " needs a value");
            value = args[++i];
        }
        if (!options.emplace(name, *value).second)
            throw UsageError(name + " given twice");
    }
    for (const char* required : {"--agent-id", "--name"})
        if (!options.count(required))
            throw UsageError(std::string(required) + " is required");
    return options;
}

std::string readKeyFromStdin()
{
    std::string key;
    std::getline(std::cin, key);
    if (!key.empty() && key.back() == '\r')
        key.pop_back();
    if (key.empty())
        invalid("--api-key -: stdin gave no key");
    return key;
}
} // namespace

int CreateAgentCommand::run(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                            std::ostream& err)
{
    auto options = parseOptions(args);
    services::AgentService::CreateRequest request;
    request.agentId = options["--agent-id"];
    request.name = options["--name"];
    // Everything that needs no database is checked first, so a typo costs no connection.
    services::AgentService::validateAgentId("agent_id", request.agentId);
    if (request.name.empty() || request.name.size() > kMaxNameLength)
        invalid("--name must be 1-255 characters");
    if (options.count("--role"))
    {
        if (!auth::parseRole(options["--role"]))
            invalid("--role must be one of reader, agent, admin, org_owner, platform_admin (got \"" +
                    options["--role"] + "\")");
        request.role = options["--role"];
    }
    const std::string org = options.count("--org") ? options["--org"] : services::AdminBootstrap::kDefaultOrgId;
    if (!auth::RandomId::isUuid(org))
        invalid("--org must be an organization id (a UUID), got \"" + org + "\"");
    if (options.count("--api-key"))
    {
        request.apiKey = options["--api-key"] == "-" ? readKeyFromStdin() : options["--api-key"];
        if (request.apiKey->empty() || request.apiKey->size() > kMaxKeyLength)
            invalid("--api-key must be 1-1024 characters");
    }

    auto& database = environment.database(err);
    storage::AgentRepository agents(database);
    services::AgentService service(agents, false);
    auth::Principal operatorPrincipal; // the operator at the console may do anything in any org
    operatorPrincipal.agentId = "akashi-cli";
    operatorPrincipal.orgId = org;
    operatorPrincipal.role = auth::Role::platformAdmin;
    services::AgentService::Created created;
    try
    {
        created = service.create(operatorPrincipal, std::move(request));
    }
    catch (const storage::DatabaseError& e)
    {
        if (e.isForeignKeyViolation())
            invalid("organization " + org + " does not exist");
        throw;
    }
    out << "created agent " << created.agent.agentId << " (role " << created.agent.role << ", org "
        << created.agent.orgId << ", id " << created.agent.id << ")\n";
    if (created.rawKey)
    {
        out << "api_key: " << *created.rawKey << "\n";
        err << "The API key is shown only once and is not stored in clear: keep it now.\n";
    }
    return ExitCode::ok;
}
} // namespace akashi::server
