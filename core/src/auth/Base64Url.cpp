#include "auth/Base64Url.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace akashi::auth
{
namespace
{
constexpr const char* kUrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr const char* kStdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::int8_t kInvalid = -1;

/// Character → 6-bit value for one alphabet, kInvalid for every other byte.
using ReverseTable = std::array<std::int8_t, 256>;

ReverseTable reverseTable(const char* alphabet)
{
    ReverseTable table{};
    table.fill(kInvalid);
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return table;
}

/// Each group of up to 3 bytes becomes one character more than it has bytes (no padding).
std::string encodeWith(std::string_view bytes, const char* alphabet)
{
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    for (std::size_t i = 0; i < bytes.size(); i += 3)
    {
        const std::size_t count = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 3; ++j)
            group = (group << 8) | (j < count ? static_cast<std::uint8_t>(bytes[i + j]) : 0u);
        for (std::size_t k = 0; k <= count; ++k)
            out += alphabet[(group >> (18 - 6 * k)) & 0x3F];
    }
    return out;
}

std::optional<std::string> decodeWith(std::string_view text, const ReverseTable& table)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t accumulator = 0;
    int bits = 0;
    for (const char c : text)
    {
        const std::int8_t value = table[static_cast<unsigned char>(c)];
        if (value == kInvalid)
            return std::nullopt;
        accumulator = ((accumulator << 6) | static_cast<std::uint32_t>(value)) & 0xFFFFu; // ≤ 14 live bits
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out += static_cast<char>((accumulator >> bits) & 0xFF);
        }
    }
    // The 2 or 4 bits left over from a partial final group must be zero, or two texts decode alike.
    if (bits > 0 && (accumulator & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}
} // namespace

std::string Base64Url::encode(std::string_view bytes)
{
    return encodeWith(bytes, kUrlAlphabet);
}

std::optional<std::string> Base64Url::decode(std::string_view text)
{
    static const ReverseTable table = reverseTable(kUrlAlphabet);
    return decodeWith(text, table);
}

std::string Base64Url::encodeStd(std::string_view bytes)
{
    return encodeWith(bytes, kStdAlphabet);
}

std::optional<std::string> Base64Url::decodeStd(std::string_view text)
{
    static const ReverseTable table = reverseTable(kStdAlphabet);
    return decodeWith(text, table);
}
} // namespace akashi::auth
