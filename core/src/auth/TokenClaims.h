#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace akashi::auth
{
/// What an access token asserts about its bearer. Times are whole seconds (JWT NumericDate); JwtCodec
/// truncates finer precision when issuing.
struct TokenClaims
{
    std::string subject; ///< `sub`: the agent's row UUID
    std::string agentId; ///< `agent_id`: the agent's name within its organisation
    std::string orgId;   ///< `org_id`
    std::string role;    ///< `role`: a wire name accepted by parseRole
    std::chrono::system_clock::time_point issuedAt;  ///< `iat`
    std::chrono::system_clock::time_point expiresAt; ///< `exp`
    std::string jwtId;                               ///< `jti`: a UUID, the handle for revocation
    std::optional<std::string> apiKeyId;             ///< `api_key_id`: the key the token was issued for
    std::optional<std::string> scopedBy;             ///< `scoped_by`: who issued a scoped token

    bool operator==(const TokenClaims&) const = default;
};
} // namespace akashi::auth
