#include "ConnectionTarget.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <utility>

namespace akashi::plugins::notify::postgres
{
namespace
{
std::string percentDecoded(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2])))
        {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        }
        else
            out += text[i];
    }
    return out;
}

/// libpq's messages end with a newline and indent continuation lines with tabs; one line reads better in a
/// JSON log field.
std::string oneLine(const std::string& text)
{
    std::string out;
    bool blank = false;
    for (char c : text)
    {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (space && !out.empty())
            blank = true;
        else if (!space)
        {
            if (blank)
                out += ' ';
            blank = false;
            out += c;
        }
    }
    return out;
}

std::string replaceSecrets(std::string text, std::vector<std::string> secrets)
{
    // Longest first, so a secret containing another is replaced whole.
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (const auto& secret : secrets)
        for (auto at = secret.empty() ? std::string::npos : text.find(secret); at != std::string::npos;
             at = text.find(secret, at + 3))
            text.replace(at, secret.size(), "***");
    return oneLine(text);
}
} // namespace

ConnectionTarget::ConnectionTarget(const std::string& url, const std::string& applicationName)
    : _secrets(secretsIn(url))
{
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> options(PQconninfoParse(url.c_str(), &error),
                                                                          PQconninfoFree);
    if (!options)
    {
        const std::string reason = error ? oneLine(error) : "out of memory";
        PQfreemem(error);
        throw std::invalid_argument("url: not a valid PostgreSQL URL or connection string (" + scrub(reason, url) +
                                    ")");
    }
    for (const PQconninfoOption* option = options.get(); option->keyword; ++option)
        if (option->val)
            _parameters.emplace_back(option->keyword, option->val);
    if (const std::string password = value("password"); !password.empty())
        _secrets.push_back(password);

    set("application_name", applicationName, true);
    set("keepalives", "1", false);
    set("keepalives_idle", "30", false);
    set("keepalives_interval", "10", false);
    set("keepalives_count", "3", false);
    // connect_timeout is whole seconds; libpq treats 0 (or a negative value) as "wait forever".
    if (const std::string timeout = value("connect_timeout"); !timeout.empty())
    {
        char* end = nullptr;
        const long seconds = std::strtol(timeout.c_str(), &end, 10);
        if (*end != '\0')
            throw std::invalid_argument("url: connect_timeout \"" + scrub(timeout) + "\" is not a whole number of seconds");
        // libpq would wait forever for 0; a listener stuck in one attempt would never retry, so 0 keeps 10 s.
        if (seconds > 0)
            _connectTimeout = std::chrono::seconds(std::max(2L, seconds));
    }

    for (const auto& [keyword, val] : _parameters)
    {
        _keywordPointers.push_back(keyword.c_str());
        _valuePointers.push_back(val.c_str());
    }
    _keywordPointers.push_back(nullptr);
    _valuePointers.push_back(nullptr);

    const std::string user = value("user");
    const std::string host = value("host");
    const std::string port = value("port");
    const bool socket = !host.empty() && host.front() == '/';
    _masked = "postgres://";
    if (!user.empty())
        _masked += user + (value("password").empty() ? "" : ":***") + "@";
    if (!socket)
        _masked += host + (port.empty() ? "" : ":" + port);
    _masked += "/" + value("dbname");
    if (socket)
        _masked += "?host=" + host + (port.empty() ? "" : "&port=" + port);
    _masked = scrub(_masked);
}

void ConnectionTarget::set(const std::string& keyword, const std::string& val, bool overrideUrl)
{
    for (auto& [name, current] : _parameters)
        if (name == keyword)
        {
            if (overrideUrl)
                current = val;
            return;
        }
    _parameters.emplace_back(keyword, val);
}

std::string ConnectionTarget::value(const std::string& keyword) const
{
    for (const auto& [name, val] : _parameters)
        if (name == keyword)
            return val;
    return "";
}

std::string ConnectionTarget::scrub(std::string text) const
{
    return replaceSecrets(std::move(text), _secrets);
}

std::string ConnectionTarget::scrub(std::string text, const std::string& url)
{
    return replaceSecrets(std::move(text), secretsIn(url));
}

std::vector<std::string> ConnectionTarget::secretsIn(const std::string& url)
{
    std::vector<std::string> secrets;
    auto add = [&](const std::string& raw) {
        if (raw.empty())
            return;
        secrets.push_back(raw);
        secrets.push_back(percentDecoded(raw));
    };
    // URL userinfo: scheme://user:PASSWORD@host..., the last '@' before the path ending it.
    if (const auto scheme = url.find("://"); scheme != std::string::npos)
    {
        const auto authorityEnd = url.find_first_of("/?", scheme + 3);
        const std::string authority = url.substr(scheme + 3, authorityEnd == std::string::npos
                                                                 ? std::string::npos
                                                                 : authorityEnd - scheme - 3);
        if (const auto at = authority.rfind('@'); at != std::string::npos)
            if (const auto colon = authority.find(':'); colon != std::string::npos && colon < at)
                add(authority.substr(colon + 1, at - colon - 1));
    }
    // password=VALUE in a conninfo string or a URL query, possibly quoted.
    for (auto at = url.find("password"); at != std::string::npos; at = url.find("password", at + 1))
    {
        auto pos = at + 8;
        while (pos < url.size() && url[pos] == ' ')
            ++pos;
        if (pos >= url.size() || url[pos] != '=')
            continue;
        ++pos;
        while (pos < url.size() && url[pos] == ' ')
            ++pos;
        const bool quotedValue = pos < url.size() && url[pos] == '\'';
        if (quotedValue)
            ++pos;
        const auto end = url.find_first_of(quotedValue ? "'" : " &'", pos);
        add(url.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    }
    return secrets;
}
} // namespace akashi::plugins::notify::postgres
