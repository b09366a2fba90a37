#pragma once
#include "auth/CredentialCache.h"
#include "auth/VerifiedTokenCache.h"
#include "auth/JwtCodec.h"
#include "auth/Principal.h"
#include "storage/AgentRepository.h"

#include <chrono>
#include <optional>
#include <string>

namespace akashi::services
{
/// Credentials: exchanges an agent's API key for a JWT (`POST /auth/token`) and turns an
/// `Authorization` header into the caller (`Bearer <jwt>` or `ApiKey <agent_id>:<key>`), with the
/// reference's 401 messages. Thread-safe.
class AuthService
{
public:
    struct IssuedToken
    {
        std::string token;
        std::string expiresAt; ///< RFC 3339
    };

    AuthService(storage::AgentRepository& agents, const auth::JwtCodec& jwt, std::chrono::seconds tokenLifetime);

    /// 401 "invalid credentials" for an unknown agent or a wrong key (same cost either way).
    IssuedToken issueToken(const std::string& agentId, const std::string& apiKey, const std::optional<std::string>& orgId);

    /// The caller for an `Authorization` header. `orgHeader` is X-Akashi-Org-ID (picks the org when an
    /// ApiKey's agent_id exists in several). Throws akashi::Exception(unauthorized) with one of:
    /// "missing authorization header", "invalid authorization format", "invalid or expired token",
    /// "invalid api key", "unsupported authorization scheme (use Bearer or ApiKey)".
    auth::Principal authenticate(const std::string& authorization, const std::string& orgHeader);

private:
    /// The agent whose stored hash matches `secret`, trying each agent named `agentId` (several orgs may
    /// reuse one); nullopt when none does. Unknown names still cost one Argon2id verification.
    std::optional<storage::AgentRecord> verifyApiKey(const std::string& agentId, const std::string& secret,
                                                     const std::optional<std::string>& orgId, bool requireUnique);
    auth::Principal fromBearer(const std::string& token);
    auth::Principal fromApiKey(const std::string& credentials, const std::string& orgHeader);

    storage::AgentRepository& _agents;
    const auth::JwtCodec& _jwt;
    std::chrono::seconds _tokenLifetime;
    auth::CredentialCache _verified;
    auth::VerifiedTokenCache _tokens;
};

/// The Principal of an agents row (role parsed; the schema's CHECK guarantees a known role).
auth::Principal principalOf(const storage::AgentRecord& agent);
} // namespace akashi::services
