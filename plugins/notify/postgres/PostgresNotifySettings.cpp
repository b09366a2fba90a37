#include "PostgresNotifySettings.h"

#include <akashi/plugin/ConfigReader.h>

#include <stdexcept>

namespace akashi::plugins::notify::postgres
{
PostgresNotifySettings::PostgresNotifySettings(const std::map<std::string, std::string>& config)
{
    plugin::ConfigReader reader(config);
    const std::string url = reader.string("url", "");
    const std::int64_t baseMs = reader.integer("reconnect_base_ms", 500, 1, 3600000);
    const std::int64_t fastAttempts = reader.integer("reconnect_fast_attempts", 5, 0, 100);
    const std::int64_t maxMs = reader.integer("reconnect_max_ms", 30000, 1, 86400000);
    _applicationName = reader.string("application_name", "akashi-notify");
    reader.rejectUnknownKeys();

    if (maxMs < baseMs)
        throw std::invalid_argument("reconnect_max_ms: " + std::to_string(maxMs) + " is less than reconnect_base_ms (" +
                                    std::to_string(baseMs) + ")");
    _backoff = ReconnectBackoff(baseMs, fastAttempts, maxMs);

    bool printable = !_applicationName.empty() && _applicationName.size() <= 63;
    for (char c : _applicationName)
        printable = printable && c >= 0x20 && c <= 0x7e;
    if (!printable)
        throw std::invalid_argument("application_name: must be 1 to 63 printable ASCII characters");

    // Blank would be a valid, empty conninfo for libpq: every default, i.e. some local server.
    if (url.find_first_not_of(" \t\r\n") == std::string::npos)
        throw std::invalid_argument("url: required: the PostgreSQL URL for LISTEN/NOTIFY (NOTIFY_URL), e.g. "
                                    "postgres://user:password@host:5432/db, a direct connection, not PgBouncer");
    _target = std::make_unique<const ConnectionTarget>(url, _applicationName);
}
} // namespace akashi::plugins::notify::postgres
