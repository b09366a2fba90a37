#pragma once
#include "auth/Principal.h"
#include "services/AccessPolicy.h"
#include "storage/AgentRepository.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace akashi::services
{
/// Agent registration and administration (admin and above, within the caller's org).
class AgentService
{
public:
    struct CreateRequest
    {
        std::string agentId;
        std::string name;
        std::optional<std::string> apiKey;
        std::optional<std::string> role;
        std::vector<std::string> tags;
        std::string metadata = "{}";
    };

    struct Created
    {
        storage::AgentRecord agent;
        std::optional<std::string> rawKey; ///< set when the server generated the key: shown once
        std::string keyPrefix;             ///< identifies a generated key in listings; empty otherwise
    };

    AgentService(storage::AgentRepository& agents, bool destructiveDeleteEnabled)
        : _agents(agents), _destructiveDelete(destructiveDeleteEnabled)
    {
    }

    /// 400 for a malformed or reserved agent_id, an unknown role; 403 for a role above the caller's;
    /// 409 "agent_id already exists".
    Created create(const auth::Principal& caller, CreateRequest request);

    std::vector<storage::AgentRecord> list(const auth::Principal& caller, int limit, int offset, std::int64_t& total);

    /// 404 "agent not found" when the org has no such agent.
    storage::AgentRecord get(const auth::Principal& caller, const std::string& agentId);

    storage::AgentRecord replaceTags(const auth::Principal& caller, const std::string& agentId,
                                     std::vector<std::string> tags);

    /// 403 unless destructive delete is enabled, for `admin`, and for an agent ranked above the caller.
    storage::AgentDeletionCounts remove(const auth::Principal& caller, const std::string& agentId);

    /// agent_id rule of the reference: 1–255 of [A-Za-z0-9._@-]; the error names `field`.
    static void validateAgentId(const std::string& field, const std::string& agentId);
    /// Tags: ^[a-z][a-z0-9_-]*$, at most 64 bytes each; returns them sorted without duplicates.
    static std::vector<std::string> normalizeTags(std::vector<std::string> tags);

    static constexpr const char* kBootstrapAgentId = "admin";

private:
    storage::AgentRepository& _agents;
    bool _destructiveDelete;
};
} // namespace akashi::services
