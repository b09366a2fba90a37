#pragma once
#include <cstdint>
#include <string>

namespace akashi::plugins::ratelimit::redis
{
/// Where the Redis server is and how to log in, parsed from REDIS_URL:
///   redis://[[user]:password@]host[:port][/db]        (port 6379, db 0 by default; host may be [v6])
///   unix://[[user]:password@]/path/to/redis.sock[?db=N]
/// User info is percent-decoded. rediss:// (TLS) is refused: Poco::Redis connects plain sockets only.
/// Throws std::invalid_argument with a message starting `url: ` that never quotes the password.
class RedisUrl
{
public:
    explicit RedisUrl(const std::string& url);

    bool isUnixSocket() const noexcept { return !_socketPath.empty(); }
    const std::string& host() const noexcept { return _host; }
    std::uint16_t port() const noexcept { return _port; }
    const std::string& socketPath() const noexcept { return _socketPath; }
    const std::string& user() const noexcept { return _user; }
    const std::string& password() const noexcept { return _password; }
    int database() const noexcept { return _database; }

    /// The URL without user info, for logs (`redis://host:port/db`, `unix:///path?db=N`).
    std::string redacted() const;

private:
    std::string _host;
    std::uint16_t _port = 6379;
    std::string _socketPath;
    std::string _user;
    std::string _password;
    int _database = 0;
};
} // namespace akashi::plugins::ratelimit::redis
