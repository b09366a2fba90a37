#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace akashi::auth
{
/// Argon2id hashes of API key secrets, so a leaked database does not reveal working keys.
///
/// Stored format: `<salt>$<key>`, each standard base64 (RFC 4648 §4) without padding: a 16-byte random
/// salt and the 32-byte Argon2id (version 0x13) output. The cost parameters are not stored: every hash is
/// made and checked with Cost{} (t=1, m=64 MiB, p=4, OWASP's minimum for Argon2id), so changing them would
/// need a new format that records them.
///
/// The functions are thread-safe; each hash or verification allocates `memoryKiB` for its duration.
class ApiKeyHasher
{
public:
    /// Argon2id cost parameters. Production uses the defaults; tests pass cheaper ones explicitly.
    struct Cost
    {
        std::uint32_t timeCost = 1;        ///< passes over memory
        std::uint32_t memoryKiB = 65536;   ///< 64 MiB
        std::uint32_t parallelism = 4;     ///< lanes (and threads)
    };

    static constexpr std::size_t kSaltBytes = 16;
    static constexpr std::size_t kKeyBytes = 32;

    /// A new encoded hash of `secret` with a fresh salt; throws akashi::Exception(internal) if the CSPRNG
    /// or Argon2 fails (e.g. memory cannot be allocated).
    static std::string hash(std::string_view secret);
    static std::string hash(std::string_view secret, const Cost& cost);

    /// True when `secret` hashes to `encoded`, compared in constant time. False for a wrong secret, a
    /// malformed encoding or an Argon2 failure; a malformed encoding still costs one full hash, so timing
    /// does not tell a caller which of these it was.
    static bool verify(std::string_view secret, std::string_view encoded) noexcept;
    static bool verify(std::string_view secret, std::string_view encoded, const Cost& cost) noexcept;

    /// One full verification of `secret` against a dummy hash that nothing matches (a random salt and key
    /// drawn at first use), for a login naming an unknown agent or key: it then takes as long as a known
    /// one, so response times do not reveal which agents exist.
    static void verifyDummy(std::string_view secret) noexcept;
    static void verifyDummy(std::string_view secret, const Cost& cost) noexcept;
};
} // namespace akashi::auth
