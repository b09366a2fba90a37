#pragma once
#include "auth/SigningKeys.h"
#include "auth/TokenClaims.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace akashi::auth
{
/// The outcome of JwtCodec::verify: claims when the token is valid, otherwise a short reason for the
/// operator's log (never sent to the client, which only learns "unauthorized").
struct JwtVerification
{
    std::optional<TokenClaims> claims;
    std::string failure;

    bool valid() const noexcept { return claims.has_value(); }
};

/// Issues and verifies the server's access tokens: compact JWS (RFC 7515/7519) signed with EdDSA over
/// Ed25519 (RFC 8037), issuer and audience "akashi".
///
/// Verification trusts nothing in the token before checking it: the header must name alg "EdDSA" (no
/// other algorithm is ever used, so "none", HS256 keyed with the public key and RS256 are refused before
/// any signature work), the signature must verify with the public key, and then the claims are checked.
///
/// Keeps a reference to `keys`, which must outlive the codec. Thread-safe: both methods are const and
/// share no mutable state.
class JwtCodec
{
public:
    /// The header of every token issued, byte for byte.
    static constexpr std::string_view kHeader = R"({"alg":"EdDSA","typ":"JWT"})";
    static constexpr std::string_view kIssuer = "akashi";
    static constexpr std::string_view kAudience = "akashi";
    /// Longer tokens are refused unparsed: ours are well under 1 KiB, and parsing is unauthenticated work.
    static constexpr std::size_t kMaxTokenBytes = 8192;

    explicit JwtCodec(const SigningKeys& keys) noexcept;

    /// The signed token for `claims` (times truncated to whole seconds). Throws akashi::Exception(internal)
    /// for claims verify() would refuse: a subject that is not a UUID, an unknown role, or an expiry not
    /// after the issue time.
    std::string issue(const TokenClaims& claims) const;

    /// Checks `token` at time `now`; never throws. Failure reasons: "malformed token" (size or segment
    /// count), "malformed header", "malformed payload", "malformed signature", "missing header \"alg\"",
    /// "unsupported alg" (not a string), "unsupported alg \"X\"", "unsupported typ \"X\"",
    /// "unsupported crit header", "bad signature", "wrong issuer", "wrong audience", "token expired",
    /// "token not yet valid", "subject is not a UUID", "unknown role \"X\"", "missing claim \"X\"",
    /// "invalid claim \"X\"" (wrong JSON type, or a time that is not an integer in range). Quoted token
    /// text is cut to 32 bytes of printable ASCII.
    JwtVerification verify(std::string_view token, std::chrono::system_clock::time_point now) const noexcept;

private:
    JwtVerification check(std::string_view token, std::chrono::system_clock::time_point now) const;

    const SigningKeys& _keys;
};
} // namespace akashi::auth
