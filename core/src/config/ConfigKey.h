#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace akashi::config
{
enum class ValueType
{
    string,
    integer,
    boolean,
    duration,    ///< Go-style: "100ms", "30s", "5m", "24h", "1h30m", "0"
    enumeration, ///< one of `allowed`
    list         ///< comma-separated strings; may be empty
};

/// One configuration key: its name, type, default, environment variables and meaning.
struct ConfigKey
{
    std::string_view key;
    ValueType type;
    std::string_view defaultValue;
    std::vector<std::string_view> envNames; ///< first one set wins
    std::string_view description;
    std::vector<std::string_view> allowed = {}; ///< enumeration values
    std::int64_t min = 0;                       ///< integer bounds
    std::int64_t max = 0;
};
} // namespace akashi::config
