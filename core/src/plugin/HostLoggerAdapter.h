#pragma once
#include <akashi/plugin/HostLogger.h>

namespace Poco
{
class Logger;
}

namespace akashi::plugin
{
/// Gives a plugin the server's JSON logging through the ABI's HostLogger (std types only).
class HostLoggerAdapter final : public HostLogger
{
public:
    explicit HostLoggerAdapter(Poco::Logger& logger) : _logger(logger) {}

    void log(LogLevel level, std::string_view message, const LogFields& fields) noexcept override;

private:
    Poco::Logger& _logger;
};
} // namespace akashi::plugin
