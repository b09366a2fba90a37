#pragma once
#include "ConnectionTarget.h"
#include "ReconnectBackoff.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace akashi::plugins::notify::postgres
{
/// The plugin's configuration subtree, validated:
///   * `url` (required): libpq URL or conninfo of PostgreSQL itself (the server passes NOTIFY_URL). Never
///     PgBouncer: LISTEN needs one session that lives as long as the transport, which transaction pooling
///     does not give.
///   * `reconnect_base_ms` (500, 1..3600000), `reconnect_fast_attempts` (5, 0..100), `reconnect_max_ms`
///     (30000, 1..86400000, not below the base): see ReconnectBackoff.
///   * `application_name` (akashi-notify): 1..63 printable ASCII characters, shown in pg_stat_activity.
/// Throws std::invalid_argument naming the key (never quoting a password); unknown keys are refused.
class PostgresNotifySettings
{
public:
    explicit PostgresNotifySettings(const std::map<std::string, std::string>& config);

    const ConnectionTarget& target() const noexcept { return *_target; }
    const ReconnectBackoff& backoff() const noexcept { return _backoff; }
    const std::string& applicationName() const noexcept { return _applicationName; }

private:
    std::string _applicationName;
    std::unique_ptr<const ConnectionTarget> _target;
    ReconnectBackoff _backoff{500, 5, 30000};
};
} // namespace akashi::plugins::notify::postgres
