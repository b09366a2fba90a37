#pragma once
/// Reads a plugin's configuration subtree with validation; header-only so plugins link nothing of ours.
/// Every getter throws std::invalid_argument with a message naming the key; `rejectUnknownKeys` refuses
/// keys that no getter asked for (typos must not be silently ignored).
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

namespace akashi::plugin
{
class ConfigReader
{
public:
    explicit ConfigReader(const std::map<std::string, std::string>& config) : _config(config) {}

    std::string string(const std::string& key, const std::string& fallback)
    {
        _known.insert(key);
        auto it = _config.find(key);
        return it == _config.end() ? fallback : it->second;
    }

    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max)
    {
        _known.insert(key);
        auto it = _config.find(key);
        if (it == _config.end())
            return fallback;
        char* end = nullptr;
        errno = 0;
        const long long value = std::strtoll(it->second.c_str(), &end, 10);
        // strtoll would also take leading blanks and '+'; a configured integer is digits with an optional '-'.
        const bool plain = !it->second.empty() && (std::isdigit(static_cast<unsigned char>(it->second[0])) ||
                                                   (it->second[0] == '-' && it->second.size() > 1));
        if (!plain || *end != '\0' || errno == ERANGE)
            throw std::invalid_argument(key + ": \"" + it->second + "\" is not an integer");
        if (value < min || value > max)
            throw std::invalid_argument(key + ": " + it->second + " is not between " + std::to_string(min) +
                                        " and " + std::to_string(max));
        return value;
    }

    /// A Go-style duration ("100ms", "30s", "5m", "1h30m", "1.5s", "0"; units ns, us, µs, ms, s, m, h) in
    /// milliseconds, as the server's own settings are written. A positive value below 1 ms rounds up to 1 ms,
    /// so "500us" never silently means "no time at all".
    std::int64_t durationMs(const std::string& key, std::int64_t fallbackMs, std::int64_t minMs, std::int64_t maxMs)
    {
        _known.insert(key);
        auto it = _config.find(key);
        if (it == _config.end())
            return fallbackMs;
        const std::optional<std::int64_t> value = parseDurationMs(it->second);
        if (!value)
            throw std::invalid_argument(key + ": \"" + it->second + "\" is not a duration (e.g. \"30s\", \"1h30m\")");
        if (*value < minMs || *value > maxMs)
            throw std::invalid_argument(key + ": " + it->second + " is not between " + std::to_string(minMs) + "ms and " +
                                        std::to_string(maxMs) + "ms");
        return *value;
    }

    void rejectUnknownKeys() const
    {
        for (const auto& [key, value] : _config)
            if (_known.count(key) == 0)
                throw std::invalid_argument("unknown configuration key \"" + key + "\"");
    }

private:
    /// nullopt for empty text, signs, blanks, a number without a unit (other than "0"), unknown units and
    /// values beyond about 290 years. Hand-parsed: no locale, no exceptions.
    static std::optional<std::int64_t> parseDurationMs(std::string_view text)
    {
        if (text == "0")
            return 0;
        if (text.empty())
            return std::nullopt;
        struct Unit
        {
            std::string_view name;
            double nanos;
        };
        // Longer names first, so "ms" is not read as "m" followed by "s".
        static constexpr Unit kUnits[] = {{"ns", 1},         {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
                                          {"ms", 1e6},       {"s", 1e9},  {"m", 60e9},       {"h", 3600e9}};
        double totalNanos = 0;
        std::size_t i = 0;
        while (i < text.size())
        {
            double number = 0;
            std::size_t digits = 0;
            for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits)
                number = number * 10 + (text[i] - '0');
            if (i < text.size() && text[i] == '.')
            {
                double scale = 0.1;
                for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits, scale /= 10)
                    number += (text[i] - '0') * scale;
            }
            if (digits == 0)
                return std::nullopt;
            const Unit* unit = nullptr;
            for (const auto& candidate : kUnits)
                if (text.substr(i, candidate.name.size()) == candidate.name)
                {
                    unit = &candidate;
                    break;
                }
            if (!unit)
                return std::nullopt;
            i += unit->name.size();
            totalNanos += number * unit->nanos;
        }
        const double millis = std::ceil(totalNanos / 1e6);
        if (!std::isfinite(millis) || millis > 9.2e15)
            return std::nullopt;
        return static_cast<std::int64_t>(millis);
    }

    const std::map<std::string, std::string>& _config;
    std::set<std::string> _known;
};
} // namespace akashi::plugin
