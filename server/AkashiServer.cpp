#include "AkashiServer.h"

#include "AdminCommands.h"

#include "app/HttpSubsystem.h"
#include "app/SearchSubsystem.h"
#include "app/ServicesSubsystem.h"
#include "app/StreamSubsystem.h"
#include "app/TelemetrySubsystem.h"
#include "common/BuildInfo.h"
#include "common/Exception.h"
#include "config/ConfigDocs.h"
#include "config/ConfigLoader.h"
#include "logging/JsonLogFormatter.h"
#include "logging/Log.h"
#include "plugin/PluginSubsystem.h"
#include "storage/DatabaseSubsystem.h"

#include <Poco/AutoPtr.h>
#include <Poco/FormattingChannel.h>
#include <Poco/StreamChannel.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionException.h>

#include <systemd/sd-daemon.h>

#include <iostream>

namespace akashi::server
{
namespace
{
constexpr const char* kDefaultPropertiesFile = "/etc/akashi/akashi.properties";

/// JSON lines on stdout for every logger (Poco's ConsoleChannel would write to stderr).
void installJsonLogging(Poco::Message::Priority level)
{
    Poco::AutoPtr<Poco::FormattingChannel> channel(
        new Poco::FormattingChannel(new logging::JsonLogFormatter, new Poco::StreamChannel(std::cout)));
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::setLevel("", level);
    // Loggers created before this call keep their old channel; update them too.
    std::vector<std::string> names;
    Poco::Logger::names(names);
    for (const auto& name : names)
    {
        Poco::Logger::get(name).setChannel(channel);
        Poco::Logger::get(name).setLevel(level);
    }
}
} // namespace

AkashiServer::AkashiServer()
{
    setUnixOptions(true);
    // Dependency order; uninitialised in reverse (runbook §8: HTTP drains first, the database closes last).
    add(new storage::DatabaseSubsystem);
    add(new plugin::PluginSubsystem);
    add(new app::TelemetrySubsystem); // after the plugins it exports through: flushed just before they unload
    add(new app::SearchSubsystem);
    add(new app::ServicesSubsystem);
    add(new app::StreamSubsystem);
    add(new app::HttpSubsystem);
}

void AkashiServer::add(app::Subsystem* subsystem)
{
    addSubsystem(subsystem); // the Application owns it; getSubsystem<T>() finds it
    _ordered.push_back(subsystem);
}

void AkashiServer::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
    options.addOption(Poco::Util::Option("help", "h", "print this help and exit")
                          .callback(Poco::Util::OptionCallback<AkashiServer>(this, &AkashiServer::handleHelp)));
    options.addOption(Poco::Util::Option("version", "v", "print the version and exit")
                          .callback(Poco::Util::OptionCallback<AkashiServer>(this, &AkashiServer::handleHelp)));
    options.addOption(Poco::Util::Option("config-file", "c", "read configuration from FILE instead of "
                                                             "/etc/akashi/akashi.properties")
                          .argument("FILE")
                          .callback(Poco::Util::OptionCallback<AkashiServer>(this, &AkashiServer::handleSet)));
    options.addOption(Poco::Util::Option("set", "s", "override one configuration key, e.g. --set akashi.http.port=9090")
                          .argument("KEY=VALUE")
                          .repeatable(true)
                          .callback(Poco::Util::OptionCallback<AkashiServer>(this, &AkashiServer::handleSet)));
    options.addOption(Poco::Util::Option("print-config-docs", "", "print docs/configuration.md and exit")
                          .callback(Poco::Util::OptionCallback<AkashiServer>(this, &AkashiServer::handleHelp)));
    options.addOption(Poco::Util::Option("print-properties", "", "print etc/akashi.properties and exit")
                          .callback(Poco::Util::OptionCallback<AkashiServer>(this, &AkashiServer::handleHelp)));
}

void AkashiServer::handleHelp(const std::string& name, const std::string&)
{
    if (name == "help")
        _mode = Mode::help;
    else if (name == "version")
        _mode = Mode::version;
    else if (name == "print-config-docs")
        _mode = Mode::printConfigDocs;
    else if (name == "print-properties")
        _mode = Mode::printProperties;
    stopOptionsProcessing();
}

void AkashiServer::handleSet(const std::string& name, const std::string& value)
{
    if (name == "config-file")
    {
        _configFile = value;
        return;
    }
    const auto eq = value.find('=');
    if (eq == std::string::npos || eq == 0)
        throw Poco::Util::InvalidArgumentException("--set expects KEY=VALUE, got \"" + value + "\"");
    _overrides[value.substr(0, eq)] = value.substr(eq + 1);
}

void AkashiServer::initialize(Poco::Util::Application&)
{
    if (_mode != Mode::serve)
        return;
    installJsonLogging(Poco::Message::PRIO_INFORMATION);
    setLogger(Poco::Logger::get("akashi")); // Poco's default name is "ApplicationStartup"
    try
    {
        config::ConfigSources sources;
        sources.propertiesFile = _configFile.value_or(kDefaultPropertiesFile);
        sources.propertiesFileExplicit = _configFile.has_value();
        sources.environment = config::processEnvironment();
        sources.overrides = _overrides;
        config::loadConfiguration(config(), sources);

        Poco::Message::Priority level = Poco::Message::PRIO_INFORMATION;
        logging::parseLevel(config().getString("akashi.log.level"), level);
        installJsonLogging(level);
        logging::info(logger(), "akashi starting", {{"version", buildinfo::kVersion}});
        startSubsystems();
        _serving = true;
    }
    catch (const Exception& e)
    {
        abortStartup(e.message(), e.detail(), e.hint(),
                     e.errorCode() == ErrorCode::configInvalid ? EXIT_CONFIG : EXIT_SOFTWARE);
    }
    catch (const Poco::Exception& e)
    {
        abortStartup(e.displayText(), "", "", EXIT_SOFTWARE);
    }
    catch (const std::exception& e)
    {
        abortStartup(e.what(), "", "", EXIT_SOFTWARE);
    }
}

void AkashiServer::startSubsystems()
{
    // Application::initialize would start them all but cannot undo a partial start; we track each one so
    // a failure stops exactly what did start (e.g. the embedded PostgreSQL).
    for (app::Subsystem* subsystem : _ordered)
    {
        _started.push_back(subsystem); // before initialize: a failed start cleans up what it began
        subsystem->initialize(*this);
    }
}

void AkashiServer::stopSubsystems()
{
    while (!_started.empty())
    {
        app::Subsystem* subsystem = _started.back();
        _started.pop_back();
        try
        {
            subsystem->uninitialize();
        }
        catch (const std::exception& e)
        {
            // Keep stopping the rest: one failed stop must not leave e.g. the embedded cluster running.
            const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
            logging::error(logger(), "subsystem stop failed",
                           {{"subsystem", subsystem->name()}, {"error", poco ? poco->displayText() : e.what()}});
        }
    }
}

void AkashiServer::abortStartup(const std::string& message, const std::string& detail, const std::string& hint,
                                int exitCode)
{
    logging::error(logger(), "akashi failed to start", {{"error", message}, {"detail", detail}, {"hint", hint}});
    std::cerr << "akashi: " << message << "\n";
    if (!detail.empty())
        std::cerr << detail << "\n";
    if (!hint.empty())
        std::cerr << hint << "\n";
    _exitCode = exitCode;
    stopSubsystems();
}

void AkashiServer::uninitialize()
{
    if (_mode != Mode::serve)
        return;
    stopSubsystems();
    if (_serving)
        logging::info(logger(), "akashi stopped");
}

int AkashiServer::main(const std::vector<std::string>&)
{
    switch (_mode)
    {
    case Mode::help:
    {
        Poco::Util::HelpFormatter help(options());
        help.setCommand(commandName());
        help.setUsage("[OPTIONS]");
        help.setHeader("Akashi decision trace server. Configuration: defaults < properties file < environment "
                       "< --set. See docs/configuration.md.");
        help.setFooter("\n" + AdminCommands::summary());
        help.format(std::cout);
        return EXIT_OK;
    }
    case Mode::version: std::cout << "akashi " << buildinfo::kVersion << "\n"; return EXIT_OK;
    case Mode::printConfigDocs: std::cout << config::renderConfigurationMarkdown(); return EXIT_OK;
    case Mode::printProperties: std::cout << config::renderPropertiesFile(); return EXIT_OK;
    case Mode::serve: break;
    }
    if (!_serving)
        return _exitCode;

    getSubsystem<app::HttpSubsystem>().readiness().markServing(); // every subsystem started: GET /ready is 200
    sd_notify(0, "READY=1\nSTATUS=serving");
    waitForTerminationRequest();
    sd_notify(0, "STOPPING=1");
    logging::info(logger(), "akashi shutting down");
    return EXIT_OK;
}
} // namespace akashi::server
