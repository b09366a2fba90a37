#include "storage/ConnectionSettings.h"

#include "common/Exception.h"

#include <Poco/NumberParser.h>
#include <Poco/URI.h>

namespace akashi::storage
{
namespace
{
[[noreturn]] void invalid(const std::string& detail)
{
    throw Exception(ErrorCode::configInvalid, "invalid DATABASE_URL", detail,
                    "Use postgres://user:password@host:port/database?sslmode=disable "
                    "(or ?host=/socket/dir for a unix socket).");
}

std::string decode(const std::string& text, const std::string& what)
{
    std::string out;
    try
    {
        Poco::URI::decode(text, out);
    }
    catch (const Poco::Exception&)
    {
        invalid("bad percent-encoding in the " + what);
    }
    return out;
}

/// libpq keyword values: backslash-escape quotes and backslashes (Poco forbids whitespace anyway).
std::string escapeValue(const std::string& value)
{
    std::string out;
    for (char c : value)
    {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}
} // namespace

ConnectionSettings ConnectionSettings::parseUrl(const std::string& url)
{
    const auto schemeEnd = url.find("://");
    const std::string scheme = schemeEnd == std::string::npos ? "" : url.substr(0, schemeEnd);
    if (scheme != "postgres" && scheme != "postgresql")
        invalid("the URL must start with postgres:// or postgresql://");

    std::string rest = url.substr(schemeEnd + 3);
    std::string query;
    if (const auto q = rest.find('?'); q != std::string::npos)
    {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string path;
    if (const auto slash = rest.find('/'); slash != std::string::npos)
    {
        path = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
    }

    ConnectionSettings settings;
    auto& p = settings._params;
    if (const auto at = rest.rfind('@'); at != std::string::npos)
    {
        const std::string userInfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        const auto colon = userInfo.find(':');
        p["user"] = decode(userInfo.substr(0, colon), "user name");
        if (colon != std::string::npos)
            p["password"] = decode(userInfo.substr(colon + 1), "password");
    }
    std::string host = rest;
    if (const auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos)
    {
        host = rest.substr(0, colon);
        const std::string port = rest.substr(colon + 1);
        int number = 0;
        if (!Poco::NumberParser::tryParse(port, number) || number < 1 || number > 65535)
            invalid("port \"" + port + "\" is not a number from 1 to 65535");
        p["port"] = port;
    }
    if (!host.empty())
        p["host"] = decode(host, "host");
    if (!path.empty())
        p["dbname"] = decode(path, "database name");

    for (std::size_t start = 0; start < query.size();)
    {
        auto amp = query.find('&', start);
        if (amp == std::string::npos)
            amp = query.size();
        const std::string pair = query.substr(start, amp - start);
        start = amp + 1;
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            invalid("query parameter \"" + pair + "\" is not key=value");
        p[decode(pair.substr(0, eq), "query")] = decode(pair.substr(eq + 1), "query");
    }

    for (const auto& [key, value] : p)
        if (value.find_first_of(" \t\r\n") != std::string::npos)
            invalid("the " + key + " contains whitespace, which the PostgreSQL driver cannot pass on");
    if (p.find("dbname") == p.end())
        invalid("the URL names no database (postgres://host/DATABASE)");
    return settings;
}

ConnectionSettings ConnectionSettings::forSocket(const std::string& socketDir, int port, const std::string& user,
                                                 const std::string& database)
{
    ConnectionSettings settings;
    settings._params = {{"host", socketDir}, {"port", std::to_string(port)}, {"user", user}, {"dbname", database}};
    return settings;
}

ConnectionSettings ConnectionSettings::withDatabase(const std::string& database) const
{
    ConnectionSettings copy = *this;
    copy._params["dbname"] = database;
    return copy;
}

void ConnectionSettings::setConnectTimeout(std::chrono::milliseconds timeout)
{
    // libpq takes whole seconds and treats 0 as "wait forever"; never round a short timeout down to that.
    const auto seconds = std::max<long long>(1, (timeout.count() + 999) / 1000);
    _params["connect_timeout"] = std::to_string(seconds);
}

std::string ConnectionSettings::connectionString() const
{
    std::string out;
    for (const auto& [key, value] : _params)
        out += (out.empty() ? "" : " ") + key + "=" + escapeValue(value);
    return out;
}

const std::string& ConnectionSettings::database() const
{
    static const std::string kNone;
    auto it = _params.find("dbname");
    return it == _params.end() ? kNone : it->second;
}

std::string ConnectionSettings::masked() const
{
    auto get = [this](const char* key) {
        auto it = _params.find(key);
        return it == _params.end() ? std::string() : it->second;
    };
    std::string out = "postgres://";
    if (!get("user").empty())
        out += get("user") + (get("password").empty() ? "" : ":***") + "@";
    const std::string host = get("host");
    const bool socket = !host.empty() && host.front() == '/';
    if (!socket)
        out += host.empty() ? "localhost" : host;
    if (!get("port").empty() && !socket)
        out += ":" + get("port");
    out += "/" + get("dbname");
    if (socket)
        out += "?host=" + host + (get("port").empty() ? "" : "&port=" + get("port"));
    return out;
}
} // namespace akashi::storage
