#include "ChannelName.h"

namespace akashi::plugins::notify::postgres
{
namespace
{
bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
} // namespace

std::string ChannelName::validate(const std::string& name)
{
    if (name.empty())
        return "channel name is empty";
    if (name.size() > kMaxBytes)
        return "channel name of " + std::to_string(name.size()) + " bytes is longer than PostgreSQL's limit of " +
               std::to_string(kMaxBytes) + " bytes";
    // The name is echoed only once it is known to be printable ASCII.
    for (char c : name)
        if (!isLetter(c) && !isDigit(c) && c != '$')
            return "channel name may contain only ASCII letters, digits, '_' and '$' (a PostgreSQL identifier)";
    if (!isLetter(name.front()))
        return "channel name \"" + name + "\" must start with a letter or '_' (a PostgreSQL identifier)";
    return "";
}

std::string ChannelName::quoted(const std::string& name)
{
    std::string out = "\"";
    for (char c : name)
    {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}
} // namespace akashi::plugins::notify::postgres
