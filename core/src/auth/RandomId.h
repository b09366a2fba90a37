#pragma once
#include <string>
#include <string_view>

namespace akashi::auth
{
/// Random identifiers from OpenSSL's CSPRNG (token ids must not be guessable).
class RandomId
{
public:
    /// A random RFC 4122 version 4 UUID in lowercase 8-4-4-4-12 form; throws akashi::Exception(internal)
    /// if the CSPRNG fails.
    static std::string uuidV4();

    /// `count` bytes from the CSPRNG; throws akashi::Exception(internal) if it fails (never returns fewer).
    static std::string bytes(std::size_t count);

    /// True for text in 8-4-4-4-12 hex form (either case, any version), as PostgreSQL prints a uuid.
    static bool isUuid(std::string_view text) noexcept;
};
} // namespace akashi::auth
