#pragma once
#include "app/Subsystem.h"

#include <Poco/Util/ServerApplication.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace akashi::server
{
/// The process: parses options, loads configuration, starts the subsystems in dependency order
/// (database → plugins → services → http) and stops them in reverse. Nothing else lives here.
class AkashiServer final : public Poco::Util::ServerApplication
{
public:
    AkashiServer();

protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    void initialize(Poco::Util::Application& self) override;
    void uninitialize() override;
    int main(const std::vector<std::string>& args) override;

private:
    void handleHelp(const std::string& name, const std::string& value);
    void handleSet(const std::string& name, const std::string& value);
    void add(app::Subsystem* subsystem);
    void startSubsystems();
    void stopSubsystems();
    /// Reports a failed start (log line, and message / detail / hint on stderr), stops what started and
    /// sets the exit code.
    void abortStartup(const std::string& message, const std::string& detail, const std::string& hint, int exitCode);

    enum class Mode
    {
        serve,
        help,
        version,
        printConfigDocs,
        printProperties
    };
    Mode _mode = Mode::serve;
    std::optional<std::string> _configFile;
    std::map<std::string, std::string> _overrides;
    std::vector<app::Subsystem*> _ordered; ///< dependency order; owned by Application
    std::vector<app::Subsystem*> _started; ///< those initialised so far, in start order
    int _exitCode = EXIT_OK;
    bool _serving = false;
};
} // namespace akashi::server
