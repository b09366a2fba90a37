#include "services/AgentService.h"

#include "auth/ApiKeyGenerator.h"
#include "auth/ApiKeyHasher.h"
#include "common/Exception.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace akashi::services
{
namespace
{
// Names the reference reserves for the system: an operator cannot register an agent that looks like it.
constexpr std::array<std::string_view, 8> kReservedAgentIds{"admin",   "system",  "root",   "platform",
                                                            "superuser", "service", "akashi", "internal"};

[[noreturn]] void invalid(const std::string& message)
{
    throw Exception(ErrorCode::invalidInput, message);
}

[[noreturn]] void notFound()
{
    throw Exception(ErrorCode::notFound, "agent not found");
}

bool agentIdCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '@' || c == '-';
}

bool validTag(const std::string& tag)
{
    if (tag.empty() || tag.size() > 64 || tag[0] < 'a' || tag[0] > 'z')
        return false;
    return std::all_of(tag.begin(), tag.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}
} // namespace

void AgentService::validateAgentId(const std::string& field, const std::string& agentId)
{
    if (agentId.empty() || agentId.size() > 255 || !std::all_of(agentId.begin(), agentId.end(), agentIdCharacter))
        invalid("invalid request body: field \"" + field +
                "\" must be 1-255 characters of letters, digits, '.', '_', '@' or '-'");
}

std::vector<std::string> AgentService::normalizeTags(std::vector<std::string> tags)
{
    for (const auto& tag : tags)
        if (!validTag(tag))
            invalid("invalid request body: tag \"" + tag +
                    "\" must start with a lowercase letter and contain only a-z, 0-9, '_' or '-' (at most 64)");
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    return tags;
}

AgentService::Created AgentService::create(const auth::Principal& caller, CreateRequest request)
{
    AccessPolicy::requireRole(caller, auth::Role::admin);
    validateAgentId("agent_id", request.agentId);
    for (auto reserved : kReservedAgentIds)
        if (request.agentId == reserved)
            invalid("agent_id \"" + request.agentId + "\" is reserved");
    const std::string roleName = request.role.value_or("agent");
    const auto role = auth::parseRole(roleName);
    if (!role)
        invalid("invalid request body: field \"role\" must be one of reader, agent, admin, org_owner, platform_admin");
    if (!auth::hasRole(caller.role, *role))
        throw Exception(ErrorCode::forbidden, "cannot create an agent with a role above your own");

    Created created;
    if (!request.apiKey)
    {
        created.rawKey = auth::ApiKeyGenerator::generate();
        created.keyPrefix = created.rawKey->substr(0, 11);
    }
    storage::NewAgent agent;
    agent.orgId = caller.orgId;
    agent.agentId = request.agentId;
    agent.name = request.name;
    agent.role = std::string(auth::roleName(*role));
    agent.apiKeyHash = auth::ApiKeyHasher::hash(request.apiKey ? *request.apiKey : *created.rawKey);
    agent.tags = normalizeTags(std::move(request.tags));
    agent.metadata = request.metadata;
    created.agent = _agents.insert(agent);
    return created;
}

std::vector<storage::AgentRecord> AgentService::list(const auth::Principal& caller, int limit, int offset,
                                                     std::int64_t& total)
{
    AccessPolicy::requireRole(caller, auth::Role::admin);
    total = _agents.count(caller.orgId);
    return _agents.list(caller.orgId, limit, offset);
}

storage::AgentRecord AgentService::get(const auth::Principal& caller, const std::string& agentId)
{
    AccessPolicy::requireRole(caller, auth::Role::admin);
    auto agent = _agents.findByAgentId(caller.orgId, agentId);
    if (!agent)
        notFound();
    return *agent;
}

storage::AgentRecord AgentService::replaceTags(const auth::Principal& caller, const std::string& agentId,
                                               std::vector<std::string> tags)
{
    AccessPolicy::requireRole(caller, auth::Role::admin);
    auto agent = _agents.replaceTags(caller.orgId, agentId, normalizeTags(std::move(tags)));
    if (!agent)
        notFound();
    return *agent;
}

storage::AgentDeletionCounts AgentService::remove(const auth::Principal& caller, const std::string& agentId)
{
    AccessPolicy::requireRole(caller, auth::Role::admin);
    if (!_destructiveDelete)
        throw Exception(ErrorCode::forbidden, "agent deletion is disabled; set AKASHI_ENABLE_DESTRUCTIVE_DELETE=true");
    if (agentId == kBootstrapAgentId)
        throw Exception(ErrorCode::forbidden, "the admin agent cannot be deleted");
    auto agent = _agents.findByAgentId(caller.orgId, agentId);
    if (!agent)
        notFound();
    if (!auth::hasRole(caller.role, auth::parseRole(agent->role).value_or(auth::Role::platformAdmin)))
        throw Exception(ErrorCode::forbidden, "cannot delete an agent with a role above your own");
    auto counts = _agents.deleteWithAudit(caller.orgId, agentId, caller.agentId);
    if (!counts)
        notFound(); // deleted concurrently
    return *counts;
}
} // namespace akashi::services
