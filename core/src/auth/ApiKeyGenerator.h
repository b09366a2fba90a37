#pragma once
#include <cstddef>
#include <string>

namespace akashi::auth
{
/// New API key secrets. A key is "ak_" followed by 43 base64url characters (32 CSPRNG bytes, 256 bits),
/// so it is recognisable in logs and by secret scanners and safe in URLs and headers.
class ApiKeyGenerator
{
public:
    static constexpr const char* kPrefix = "ak_";
    static constexpr std::size_t kSecretBytes = 32;

    /// A fresh secret; throws akashi::Exception(internal) if the CSPRNG fails.
    static std::string generate();
};
} // namespace akashi::auth
