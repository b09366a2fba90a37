#include "auth/RandomId.h"

#include "common/Exception.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <limits>

namespace akashi::auth
{
namespace
{
bool isHyphenPosition(std::size_t i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
} // namespace

std::string RandomId::bytes(std::size_t count)
{
    std::string bytes(count, '\0');
    if (count > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1)
    {
        char reason[256] = "no OpenSSL error reported";
        if (const unsigned long error = ERR_get_error())
            ERR_error_string_n(error, reason, sizeof reason);
        ERR_clear_error();
        throw Exception(ErrorCode::internal, "the random number generator failed", reason);
    }
    return bytes;
}

std::string RandomId::uuidV4()
{
    std::string raw = bytes(16);
    raw[6] = static_cast<char>((raw[6] & 0x0F) | 0x40); // version 4
    raw[8] = static_cast<char>((raw[8] & 0x3F) | 0x80); // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < raw.size(); ++i)
    {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text += '-';
        const auto byte = static_cast<unsigned char>(raw[i]);
        text += kHex[byte >> 4];
        text += kHex[byte & 0x0F];
    }
    return text;
}

bool RandomId::isUuid(std::string_view text) noexcept
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (isHyphenPosition(i) ? text[i] != '-' : !isHexDigit(text[i]))
            return false;
    return true;
}
} // namespace akashi::auth
