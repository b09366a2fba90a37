#include "storage/SqlParams.h"

#include <cstdio>

namespace akashi::storage
{
SqlParams& SqlParams::add(std::string value)
{
    _values.emplace_back(std::move(value));
    return *this;
}

SqlParams& SqlParams::add(std::int64_t value)
{
    return add(std::to_string(value));
}

SqlParams& SqlParams::add(double value)
{
    char buffer[32];
    // %.17g round-trips every double; PostgreSQL parses it for real and double precision alike.
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return add(std::string(buffer));
}

SqlParams& SqlParams::add(bool value)
{
    return add(std::string(value ? "true" : "false"));
}

SqlParams& SqlParams::addNull()
{
    _values.emplace_back(std::nullopt);
    return *this;
}

SqlParams& SqlParams::addTextArray(const std::vector<std::string>& values)
{
    std::string literal = "{";
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (i > 0)
            literal += ',';
        literal += '"';
        for (char c : values[i])
        {
            if (c == '"' || c == '\\')
                literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    literal += '}';
    return add(std::move(literal));
}

SqlParams& SqlParams::addTextArrayPair(const std::vector<std::pair<std::string, std::string>>& pairs)
{
    std::vector<std::string> firsts;
    std::vector<std::string> seconds;
    firsts.reserve(pairs.size());
    seconds.reserve(pairs.size());
    for (const auto& [first, second] : pairs)
    {
        firsts.push_back(first);
        seconds.push_back(second);
    }
    return addTextArray(firsts).addTextArray(seconds);
}

std::vector<const char*> SqlParams::pointers() const
{
    std::vector<const char*> result;
    result.reserve(_values.size());
    for (const auto& value : _values)
        result.push_back(value ? value->c_str() : nullptr);
    return result;
}
} // namespace akashi::storage
