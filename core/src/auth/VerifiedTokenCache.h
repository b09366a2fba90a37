#pragma once
#include "auth/TokenClaims.h"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace akashi::auth
{
/// Tokens whose Ed25519 signature and claims already verified, so a client sending the same bearer
/// token on every request pays the signature check once (it was a quarter of the server's CPU under
/// load). Entries are keyed by the token's SHA-256 and hold only its claims; a hit is re-checked against
/// the token's expiry. The signing keys live as long as the process, so a cached verdict stays right
/// until `exp`. The agent behind the token is still read on every request (AuthService). Thread-safe:
/// one mutex.
class VerifiedTokenCache
{
public:
    explicit VerifiedTokenCache(std::size_t capacity) : _capacity(capacity) {}

    /// The claims of `token` if it verified before and has not expired at `now`.
    std::optional<TokenClaims> find(std::string_view token, std::chrono::system_clock::time_point now);

    /// Remembers a token that just verified. When full, expired entries go first, then all of them.
    void remember(std::string_view token, const TokenClaims& claims, std::chrono::system_clock::time_point now);

    std::size_t size() const;

private:
    const std::size_t _capacity;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, TokenClaims> _claims; ///< SHA-256 of the token → its claims
};
} // namespace akashi::auth
