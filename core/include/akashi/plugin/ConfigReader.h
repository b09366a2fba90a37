#pragma once
/// Reads a plugin's configuration subtree with validation; header-only so plugins link nothing of ours.
/// Every getter throws std::invalid_argument with a message naming the key; `rejectUnknownKeys` refuses
/// keys that no getter asked for (typos must not be silently ignored).
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

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

    void rejectUnknownKeys() const
    {
        for (const auto& [key, value] : _config)
            if (_known.count(key) == 0)
                throw std::invalid_argument("unknown configuration key \"" + key + "\"");
    }

private:
    const std::map<std::string, std::string>& _config;
    std::set<std::string> _known;
};
} // namespace akashi::plugin
