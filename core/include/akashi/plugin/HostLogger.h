#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace akashi::plugin
{
enum class LogLevel
{
    debug,
    info,
    warn,
    error
};

/// Key/value pairs added to a log line; values are written as JSON strings.
using LogFields = std::vector<std::pair<std::string, std::string>>;

/// The server's logger, handed to plugins so their lines share the server's JSON format.
/// Thread-safe; never throws. Plugins must not log secrets (API keys, tokens).
class HostLogger
{
public:
    virtual ~HostLogger() = default;
    virtual void log(LogLevel level, std::string_view message, const LogFields& fields) noexcept = 0;
};
} // namespace akashi::plugin
