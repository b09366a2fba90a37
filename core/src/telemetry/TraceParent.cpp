#include "telemetry/TraceParent.h"

#include <algorithm>

namespace akashi::telemetry
{
namespace
{
constexpr std::size_t kVersion00Length = 55; // 2 + 1 + 32 + 1 + 16 + 1 + 2

bool isLowerHex(char c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool isLowerHex(std::string_view text) noexcept
{
    return std::all_of(text.begin(), text.end(), [](char c) { return isLowerHex(c); });
}

bool allZero(std::string_view text) noexcept
{
    return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

int hexValue(char c) noexcept
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

std::string_view trimmed(std::string_view text) noexcept
{
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}
} // namespace

std::optional<TraceParent> TraceParent::parse(std::string_view header)
{
    const std::string_view value = trimmed(header);
    if (value.size() < kVersion00Length)
        return std::nullopt;
    const std::string_view version = value.substr(0, 2);
    if (!isLowerHex(version) || version == "ff")
        return std::nullopt;
    if (version == "00" ? value.size() != kVersion00Length
                        : value.size() > kVersion00Length && value[kVersion00Length] != '-')
        return std::nullopt;
    if (value[2] != '-' || value[35] != '-' || value[52] != '-')
        return std::nullopt;
    const std::string_view traceId = value.substr(3, 32);
    const std::string_view parentId = value.substr(36, 16);
    const std::string_view flags = value.substr(53, 2);
    if (!isLowerHex(traceId) || !isLowerHex(parentId) || !isLowerHex(flags) || allZero(traceId) || allZero(parentId))
        return std::nullopt;
    TraceParent parsed;
    parsed.traceId = std::string(traceId);
    parsed.parentId = std::string(parentId);
    parsed.flags = static_cast<std::uint8_t>(hexValue(flags[0]) * 16 + hexValue(flags[1]));
    return parsed;
}

std::string TraceParent::format() const
{
    return "00-" + traceId + "-" + parentId + (sampled() ? "-01" : "-00");
}
} // namespace akashi::telemetry
