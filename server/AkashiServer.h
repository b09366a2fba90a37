#pragma once
#include <Poco/Util/ServerApplication.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace akashi::server
{
/// The process: parses options, loads configuration, starts the subsystems in dependency order
/// (database → plugins → http) and stops them in reverse. Nothing else lives here.
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
    void startSubsystems();
    void stopSubsystems();
    void reportStartupFailure(const std::string& message, const std::string& detail, const std::string& hint);

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
    std::vector<Poco::Util::Subsystem*> _started; ///< in start order; owned by Application
    int _exitCode = EXIT_OK;
    bool _serving = false;
};
} // namespace akashi::server
