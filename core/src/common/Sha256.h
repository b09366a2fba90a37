#pragma once
#include <string>
#include <string_view>

namespace akashi
{
/// SHA-256 through OpenSSL's EVP interface.
class Sha256
{
public:
    /// The 32-byte digest.
    static std::string digest(std::string_view data);
    /// The digest as 64 lowercase hex characters.
    static std::string hex(std::string_view data);
};
} // namespace akashi
