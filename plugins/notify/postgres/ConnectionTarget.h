#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace akashi::plugins::notify::postgres
{
/// Where the transport connects: the configured `url` (a libpq URL, postgres://..., or a `key=value`
/// conninfo string, parsed by libpq itself) plus what the transport insists on: its
/// `application_name` (so operators find the backend in pg_stat_activity) and TCP keepalives (so a
/// silently dead peer is noticed; the URL may tune them, libpq ignores them on unix sockets).
/// Immutable after construction; safe to share between threads.
class ConnectionTarget
{
public:
    /// Throws std::invalid_argument("url: ...") when libpq cannot parse `url`; the message never contains
    /// the password, even where libpq's own reason quotes the URL.
    ConnectionTarget(const std::string& url, const std::string& applicationName);

    /// libpq keywords and values for PQconnectStartParams, as NULL-terminated arrays pointing into this
    /// object (valid while it lives).
    const std::vector<const char*>& keywords() const noexcept { return _keywordPointers; }
    const std::vector<const char*>& values() const noexcept { return _valuePointers; }

    /// The URL's `connect_timeout` (whole seconds, at least 2, as libpq reads it), or 10 s when it is unset
    /// or 0 (libpq's "forever" would leave a reconnect hanging); enforced by the transport itself because
    /// it connects asynchronously.
    std::chrono::milliseconds connectTimeout() const noexcept { return _connectTimeout; }

    /// A loggable description, `postgres://user:***@host:port/db` (`?host=/dir` for a unix socket).
    const std::string& masked() const noexcept { return _masked; }

    /// `text` with every form of the URL's password replaced by `***` (for libpq's error messages).
    std::string scrub(std::string text) const;

    /// `scrub` for a URL that may not even parse: the secrets are found by hand (userinfo of a URL,
    /// `password=` of a conninfo string or query).
    static std::string scrub(std::string text, const std::string& url);

private:
    static std::vector<std::string> secretsIn(const std::string& url);
    void set(const std::string& keyword, const std::string& value, bool overrideUrl);
    std::string value(const std::string& keyword) const;

    std::vector<std::pair<std::string, std::string>> _parameters;
    std::vector<std::string> _secrets;
    std::vector<const char*> _keywordPointers;
    std::vector<const char*> _valuePointers;
    std::chrono::milliseconds _connectTimeout{10000};
    std::string _masked;
};
} // namespace akashi::plugins::notify::postgres
