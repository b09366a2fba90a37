#include "RedisUrl.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace akashi::plugins::ratelimit::redis
{
namespace
{
/// A database number: 0 to 65535 decimal digits (Redis' default config has 16; the server checks the rest).
int parseDatabase(const std::string& text)
{
    if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(text) > 65535)
        throw std::invalid_argument("url: the database must be a number from 0 to 65535, not \"" + text + "\"");
    return std::stoi(text);
}

std::string decoded(const std::string& text)
{
    std::string out;
    Poco::URI::decode(text, out);
    return out;
}
} // namespace

RedisUrl::RedisUrl(const std::string& url)
{
    const char* example = "redis://[[user]:password@]host[:port][/db] or unix://[[user]:password@]/path/redis.sock[?db=N]";
    if (url.find_first_not_of(" \t\r\n") == std::string::npos)
        throw std::invalid_argument(std::string("url: required (REDIS_URL), e.g. ") + example);
    Poco::URI uri;
    try
    {
        uri = Poco::URI(url);
    }
    catch (const Poco::Exception&)
    {
        // Not Poco's message: it may quote part of the URL, and so of the password.
        throw std::invalid_argument(std::string("url: not a valid URL (check the port, 1 to 65535, and percent-encode "
                                                "reserved characters of the password); expected ") + example);
    }
    const std::string scheme = uri.getScheme();
    if (scheme == "rediss")
        throw std::invalid_argument("url: rediss:// (TLS) is not supported; connect through a local TLS tunnel or a "
                                    "unix socket");
    if (scheme != "redis" && scheme != "unix")
        throw std::invalid_argument("url: the scheme must be redis:// or unix://, not \"" + scheme + "\"");

    const std::string& userInfo = uri.getUserInfo();
    if (!userInfo.empty())
    {
        const auto colon = userInfo.find(':');
        if (colon == std::string::npos)
            throw std::invalid_argument("url: the user info must be :password@ or user:password@");
        _user = decoded(userInfo.substr(0, colon));
        _password = decoded(userInfo.substr(colon + 1));
    }
    if (!uri.getFragment().empty())
        throw std::invalid_argument("url: a fragment (#...) means nothing here");

    if (scheme == "unix")
    {
        if (!uri.getHost().empty() || uri.getSpecifiedPort() != 0)
            throw std::invalid_argument("url: unix:// takes a socket path and no host, e.g. unix:///run/redis/redis.sock");
        _socketPath = uri.getPath();
        if (_socketPath.size() < 2 || _socketPath.front() != '/')
            throw std::invalid_argument("url: unix:// needs an absolute socket path, e.g. unix:///run/redis/redis.sock");
        for (const auto& [name, value] : uri.getQueryParameters())
        {
            if (name != "db")
                throw std::invalid_argument("url: unknown parameter \"" + name + "\" (only db=N)");
            _database = parseDatabase(value);
        }
        return;
    }

    _host = uri.getHost();
    if (_host.empty())
        throw std::invalid_argument("url: no host, e.g. redis://localhost:6379/0");
    if (!uri.getRawQuery().empty())
        throw std::invalid_argument("url: redis:// takes no parameters (the database is the path: redis://host:6379/2)");
    if (uri.getSpecifiedPort() != 0) // Poco::URI refuses 0 and anything above 65535
        _port = uri.getSpecifiedPort();
    const std::string& path = uri.getPath();
    if (!path.empty() && path != "/")
        _database = parseDatabase(path.substr(1));
}

std::string RedisUrl::redacted() const
{
    if (isUnixSocket())
        return "unix://" + _socketPath + "?db=" + std::to_string(_database);
    const std::string host = _host.find(':') != std::string::npos ? "[" + _host + "]" : _host;
    return "redis://" + host + ":" + std::to_string(_port) + "/" + std::to_string(_database);
}
} // namespace akashi::plugins::ratelimit::redis
