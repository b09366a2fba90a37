#include "services/AuthService.h"

#include "auth/ApiKeyHasher.h"
#include "auth/RandomId.h"
#include "common/Exception.h"
#include "common/Timestamp.h"
#include "logging/Log.h"

#include <Poco/String.h>

namespace akashi::services
{
namespace
{
[[noreturn]] void unauthorized(const std::string& message)
{
    throw Exception(ErrorCode::unauthorized, message);
}

std::optional<std::string> orgFromHeader(const std::string& header)
{
    const std::string value = Poco::trim(header);
    if (value.empty())
        return std::nullopt;
    if (!auth::RandomId::isUuid(value))
        throw Exception(ErrorCode::invalidInput, "X-Akashi-Org-ID must be a UUID");
    return value;
}
} // namespace

auth::Principal principalOf(const storage::AgentRecord& agent)
{
    auth::Principal principal;
    principal.agentUuid = agent.id;
    principal.agentId = agent.agentId;
    principal.orgId = agent.orgId;
    principal.role = auth::parseRole(agent.role).value_or(auth::Role::reader);
    principal.tags = agent.tags;
    return principal;
}

AuthService::AuthService(storage::AgentRepository& agents, const auth::JwtCodec& jwt, std::chrono::seconds tokenLifetime)
    : _agents(agents), _jwt(jwt), _tokenLifetime(tokenLifetime), _verified(std::chrono::minutes(5), 10000),
      _tokens(10000)
{
}

std::optional<storage::AgentRecord> AuthService::verifyApiKey(const std::string& agentId, const std::string& secret,
                                                              const std::optional<std::string>& orgId,
                                                              bool requireUnique)
{
    const auto candidates = _agents.findCredentialCandidates(agentId, orgId);
    std::optional<storage::AgentRecord> match;
    bool verifiedAny = false;
    for (const auto& candidate : candidates)
    {
        if (!candidate.apiKeyHash)
            continue;
        bool ok = _verified.contains(candidate.id, *candidate.apiKeyHash, secret);
        if (!ok)
        {
            verifiedAny = true;
            ok = auth::ApiKeyHasher::verify(secret, *candidate.apiKeyHash);
            if (ok)
                _verified.remember(candidate.id, *candidate.apiKeyHash, secret);
        }
        if (!ok)
            continue;
        if (!requireUnique)
            return candidate; // /auth/token: the reference's first match wins
        if (match)
            throw Exception(ErrorCode::unauthorized, "agent_id exists in several orgs: send X-Akashi-Org-ID");
        match = candidate;
    }
    if (!verifiedAny && !match)
        auth::ApiKeyHasher::verifyDummy(secret); // an unknown agent costs what a wrong key costs
    return match;
}

AuthService::IssuedToken AuthService::issueToken(const std::string& agentId, const std::string& apiKey,
                                                 const std::optional<std::string>& orgId)
{
    auto agent = verifyApiKey(agentId, apiKey, orgId, false);
    if (!agent)
        unauthorized("invalid credentials");
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auth::TokenClaims claims;
    claims.subject = agent->id;
    claims.agentId = agent->agentId;
    claims.orgId = agent->orgId;
    claims.role = agent->role;
    claims.issuedAt = now;
    claims.expiresAt = now + _tokenLifetime;
    claims.jwtId = auth::RandomId::uuidV4();
    return {_jwt.issue(claims), Timestamp::toRfc3339(std::chrono::time_point_cast<std::chrono::microseconds>(claims.expiresAt))};
}

auth::Principal AuthService::authenticate(const std::string& authorization, const std::string& orgHeader)
{
    const std::string header = Poco::trim(authorization);
    if (header.empty())
        unauthorized("missing authorization header");
    const auto space = header.find(' ');
    const std::string scheme = header.substr(0, space);
    const std::string credentials = space == std::string::npos ? std::string() : Poco::trim(header.substr(space + 1));
    if (Poco::icompare(scheme, "Bearer") == 0)
    {
        if (credentials.empty())
            unauthorized("invalid authorization format");
        return fromBearer(credentials);
    }
    if (Poco::icompare(scheme, "ApiKey") == 0)
        return fromApiKey(credentials, orgHeader);
    if (space == std::string::npos)
        unauthorized("invalid authorization format");
    unauthorized("unsupported authorization scheme (use Bearer or ApiKey)");
}

auth::Principal AuthService::fromBearer(const std::string& token)
{
    const auto now = std::chrono::system_clock::now();
    auto claims = _tokens.find(token, now);
    if (!claims)
    {
        const auto verification = _jwt.verify(token, now);
        if (!verification.claims)
        {
            // The client hears only "invalid or expired token"; the operator may want the reason.
            logging::debug(Poco::Logger::get("auth"), "bearer token refused", {{"reason", verification.failure}});
            unauthorized("invalid or expired token");
        }
        claims = verification.claims;
        _tokens.remember(token, *claims, now);
    }
    // Re-read the agent: a token outlives neither its agent nor a role change.
    auto agent = _agents.findById(claims->orgId, claims->subject);
    if (!agent || agent->agentId != claims->agentId)
        unauthorized("invalid or expired token");
    return principalOf(*agent);
}

auth::Principal AuthService::fromApiKey(const std::string& credentials, const std::string& orgHeader)
{
    const auto colon = credentials.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == credentials.size())
        unauthorized("invalid authorization format");
    auto agent = verifyApiKey(credentials.substr(0, colon), credentials.substr(colon + 1), orgFromHeader(orgHeader), true);
    if (!agent)
        unauthorized("invalid api key");
    return principalOf(*agent);
}
} // namespace akashi::services
