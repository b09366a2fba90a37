#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace akashi::auth
{
/// Base64 without padding in two alphabets: URL-safe (RFC 4648 §5, used by JWT segments and API keys)
/// and standard (RFC 4648 §4, used by the stored API key hash format). Decoding is strict: it rejects
/// padding, characters outside the alphabet, a length of 1 mod 4 (no byte sequence encodes to that) and
/// non-zero unused trailing bits, so every byte string has exactly one accepted text form.
class Base64Url
{
public:
    static std::string encode(std::string_view bytes);
    static std::optional<std::string> decode(std::string_view text);

    static std::string encodeStd(std::string_view bytes);
    static std::optional<std::string> decodeStd(std::string_view text);
};
} // namespace akashi::auth
