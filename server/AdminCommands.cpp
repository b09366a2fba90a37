#include "AdminCommands.h"

#include "CommandEnvironment.h"
#include "ConfigCheckCommand.h"
#include "CreateAgentCommand.h"
#include "ExitCode.h"
#include "MigrateCommand.h"
#include "UsageError.h"
#include "VerifyIntegrityCommand.h"

#include "auth/SigningKeys.h"
#include "common/Exception.h"
#include "logging/JsonLogFormatter.h"

#include <Poco/AutoPtr.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/StreamChannel.h>

#include <iostream>
#include <sstream>

namespace akashi::server
{
namespace
{
constexpr const char* kKeygenUsage =
    "usage: akashi keygen [--private-key PATH] [--public-key PATH]\n"
    "Writes a new Ed25519 key pair for JWT signing (mode 0600; existing files are never overwritten).\n"
    "Defaults: ./akashi-private.pem and ./akashi-public.pem. Then set AKASHI_JWT_PRIVATE_KEY and\n"
    "AKASHI_JWT_PUBLIC_KEY to those paths and restart the server.\n";

/// Every subcommand, in the order `akashi help` lists them. A new command is one row here (and its file).
const std::vector<AdminCommands::Subcommand>& subcommands();

int keygen(CommandEnvironment&, const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// Lines that commands' libraries log (embedded cluster start, warnings) go to stderr as JSON, warnings
/// and errors only: stdout is the command's own output.
void installCommandLogging()
{
    Poco::AutoPtr<Poco::FormattingChannel> channel(
        new Poco::FormattingChannel(new logging::JsonLogFormatter, new Poco::StreamChannel(std::cerr)));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::setLevel("", Poco::Message::PRIO_WARNING);
    std::vector<std::string> names; // loggers created before this call keep their old channel otherwise
    Poco::Logger::names(names);
    for (const auto& name : names)
    {
        Poco::Logger::get(name).setChannel(channel);
        Poco::Logger::get(name).setLevel(Poco::Message::PRIO_WARNING);
    }
}

int exitCodeFor(ErrorCode code)
{
    switch (code)
    {
    case ErrorCode::configInvalid: return ExitCode::config;
    case ErrorCode::invalidInput: return ExitCode::dataError;
    default: return ExitCode::failure;
    }
}

/// The services word their validation errors for HTTP clients; an operator typed no request body.
std::string operatorText(const Exception& e)
{
    const std::string prefix = "invalid request body: ";
    std::string text = e.fullText();
    if (text.rfind(prefix, 0) == 0)
        text.erase(0, prefix.size());
    return text;
}

bool wantsHelp(const std::vector<std::string>& args)
{
    for (const auto& arg : args)
        if (arg == "--help" || arg == "-h")
            return true;
    return false;
}

const AdminCommands::Subcommand* find(const std::string& name)
{
    for (const auto& command : subcommands())
        if (name == command.name)
            return &command;
    return nullptr;
}
} // namespace

template <int (*Run)(storage::Database&, const std::vector<std::string>&, std::ostream&, std::ostream&)>
int AdminCommands::onDatabase(CommandEnvironment& environment, const std::vector<std::string>& args, std::ostream& out,
                              std::ostream& err)
{
    storage::Database* database = nullptr;
    try
    {
        database = &environment.database(err);
    }
    catch (const Exception& e)
    {
        if (e.errorCode() == ErrorCode::configInvalid)
            throw; // exit 78 like every configured command
        // Not a finding about the data: a check that could not run (EX_SOFTWARE), never "mismatches found".
        err << "akashi: cannot open the database: " << e.fullText() << "\n";
        return ExitCode::software;
    }
    return Run(*database, args, out, err);
}

std::optional<int> AdminCommands::run(const std::vector<std::string>& args)
{
    if (args.empty() || args[0].rfind('-', 0) == 0)
        return std::nullopt; // the server's options (or none): serve
    return dispatch(args, std::cout, std::cerr);
}

std::string AdminCommands::summary()
{
    std::ostringstream text;
    text << "usage: akashi [--config-file FILE] [--set KEY=VALUE]...   run the server (akashi --help: its options)\n"
            "       akashi <command> [options]                         run an admin command and exit\n\n"
            "commands:\n";
    for (const auto& command : subcommands())
        text << "  " << command.synopsis << "\n";
    text << "  help [COMMAND]              this list, or a command's options and exit codes\n\n"
            "Commands that read the configuration take the server's --config-file FILE and --set KEY=VALUE.\n";
    return text.str();
}

int AdminCommands::dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const std::string& name = args.at(0);
    if (name == "help")
    {
        if (args.size() > 1)
        {
            if (const auto* command = find(args[1]))
            {
                out << command->usage;
                return ExitCode::ok;
            }
            err << "akashi help: unknown command \"" << args[1] << "\"\n" << summary();
            return ExitCode::usage;
        }
        out << summary();
        return ExitCode::ok;
    }
    const Subcommand* command = find(name);
    if (!command)
    {
        err << "akashi: unknown command \"" << name << "\"\n" << summary();
        return ExitCode::usage;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (wantsHelp(rest))
    {
        out << command->usage;
        return ExitCode::ok;
    }
    installCommandLogging();
    try
    {
        CommandEnvironment environment;
        return command->run(environment, command->configured ? environment.takeOptions(rest) : rest, out, err);
    }
    catch (const UsageError& e)
    {
        err << "akashi " << name << ": " << e.what() << "\n" << command->usage;
        return ExitCode::usage;
    }
    catch (const Exception& e)
    {
        err << "akashi " << name << ": " << operatorText(e) << "\n";
        return exitCodeFor(e.errorCode());
    }
    catch (const Poco::Exception& e)
    {
        err << "akashi " << name << ": " << e.displayText() << "\n";
        return ExitCode::failure;
    }
    catch (const std::exception& e)
    {
        err << "akashi " << name << ": " << e.what() << "\n";
        return ExitCode::failure;
    }
}

namespace
{
int keygen(CommandEnvironment&, const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    std::string privatePath = "akashi-private.pem";
    std::string publicPath = "akashi-public.pem";
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if ((arg == "--private-key" || arg == "--public-key") && i + 1 < args.size())
        {
            (arg == "--private-key" ? privatePath : publicPath) = args[++i];
            continue;
        }
        throw UsageError("unexpected argument \"" + arg + "\"");
    }
    try
    {
        auth::SigningKeys::writeNewPair(privatePath, publicPath);
    }
    catch (const Exception& e)
    {
        err << "akashi keygen: " << e.fullText() << "\n";
        return ExitCode::cantCreate;
    }
    out << "wrote " << privatePath << " and " << publicPath << " (mode 0600)\n"
        << "AKASHI_JWT_PRIVATE_KEY=" << privatePath << "\nAKASHI_JWT_PUBLIC_KEY=" << publicPath << "\n";
    return ExitCode::ok;
}

const std::vector<AdminCommands::Subcommand>& subcommands()
{
    static const std::vector<AdminCommands::Subcommand> table{
        {"migrate", "migrate [--dry-run]         apply the pending schema migrations (--dry-run: list them)",
         MigrateCommand::kUsage, true, &MigrateCommand::run},
        {"create-agent",
         "create-agent --agent-id ID --name NAME [--role ROLE] [--org ORG_UUID] [--api-key KEY|-]\n"
         "                              create an agent and print its API key once",
         CreateAgentCommand::kUsage, true, &CreateAgentCommand::run},
        {"config", "config check                validate the configuration and show where settings come from",
         ConfigCheckCommand::kUsage, true, &ConfigCheckCommand::run},
        {"verify-integrity",
         "verify-integrity [--org UUID]\n"
         "                              re-hash the decisions, recompute the integrity batches' roots and chain",
         VerifyIntegrityCommand::usage(), true, &AdminCommands::onDatabase<&VerifyIntegrityCommand::run>},
        {"keygen", "keygen [--private-key PATH] [--public-key PATH]\n"
                   "                              write an Ed25519 key pair for JWT signing",
         kKeygenUsage, false, &keygen},
    };
    return table;
}
} // namespace
} // namespace akashi::server
