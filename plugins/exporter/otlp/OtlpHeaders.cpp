#include "OtlpHeaders.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <stdexcept>

namespace akashi::plugins::exporter::otlp
{
namespace
{
std::string_view trimmed(std::string_view text)
{
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

/// RFC 9110 token characters.
bool isToken(std::string_view name)
{
    static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               kSpecials.find(c) != std::string_view::npos;
    });
}
} // namespace

OtlpHeaders::List OtlpHeaders::parse(const std::string& key, std::string_view text)
{
    List headers;
    std::size_t position = 0;
    while (!text.empty())
    {
        const std::size_t comma = text.find(',');
        const std::string_view entry = trimmed(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        ++position;
        if (entry.empty())
            continue;
        const std::size_t eq = entry.find('=');
        if (eq == std::string_view::npos)
            throw std::invalid_argument(key + ": entry " + std::to_string(position) + " is not name=value");
        const std::string name(trimmed(entry.substr(0, eq)));
        if (!isToken(name))
            throw std::invalid_argument(key + ": entry " + std::to_string(position) + " has an invalid header name \"" +
                                        name + "\"");
        std::string value;
        try
        {
            Poco::URI::decode(std::string(trimmed(entry.substr(eq + 1))), value);
        }
        catch (const Poco::Exception&)
        {
            throw std::invalid_argument(key + ": the value of \"" + name + "\" is not valid percent-encoding");
        }
        if (value.find_first_of("\r\n") != std::string::npos || value.find('\0') != std::string::npos)
            throw std::invalid_argument(key + ": the value of \"" + name + "\" decodes to a line break or NUL");
        headers.emplace_back(name, std::move(value));
    }
    return headers;
}
} // namespace akashi::plugins::exporter::otlp
