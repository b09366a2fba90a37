#pragma once
#include <chrono>
#include <map>
#include <string>

namespace akashi::storage
{
/// A PostgreSQL target parsed from a `postgres://` / `postgresql://` URL (DATABASE_URL) or built for the
/// embedded cluster. Produces the keyword=value string libpq takes. Values are written unquoted, so
/// values containing whitespace cannot be expressed: `parseUrl` refuses them instead of connecting
/// somewhere unexpected.
class ConnectionSettings
{
public:
    /// Throws akashi::Exception(configInvalid, "invalid DATABASE_URL", detail) naming what is wrong;
    /// the detail never contains the password.
    static ConnectionSettings parseUrl(const std::string& url);

    /// A unix-socket target (the embedded cluster): host is the socket directory.
    static ConnectionSettings forSocket(const std::string& socketDir, int port, const std::string& user,
                                        const std::string& database);

    /// libpq keywords → values (host, port, user, password, dbname, sslmode, ...).
    const std::map<std::string, std::string>& parameters() const noexcept { return _params; }

    /// The same target with another database name (for CREATE DATABASE from the maintenance db).
    ConnectionSettings withDatabase(const std::string& database) const;

    void setConnectTimeout(std::chrono::milliseconds timeout);

    /// `key=value key=value`, for libpq.
    std::string connectionString() const;

    /// A loggable description: `postgres://user:***@host:port/db` (or `?host=/socket/dir`).
    std::string masked() const;

    const std::string& database() const;

private:
    std::map<std::string, std::string> _params;
};
} // namespace akashi::storage
