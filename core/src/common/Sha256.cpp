#include "common/Sha256.h"

#include "common/Exception.h"

#include <openssl/evp.h>

namespace akashi
{
std::string Sha256::digest(std::string_view data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), out, &length, EVP_sha256(), nullptr) != 1)
        throw Exception(ErrorCode::internal, "SHA-256 failed");
    return std::string(reinterpret_cast<const char*>(out), length);
}

std::string Sha256::hex(std::string_view data)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    const std::string raw = digest(data);
    std::string text;
    text.reserve(raw.size() * 2);
    for (unsigned char c : raw)
    {
        text += kDigits[c >> 4];
        text += kDigits[c & 0x0f];
    }
    return text;
}
} // namespace akashi
