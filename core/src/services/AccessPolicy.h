#pragma once
#include "auth/Principal.h"
#include "storage/DecisionRecord.h"
#include "storage/GrantRepository.h"

#include <set>
#include <string>

namespace akashi::services
{
/// The one authorization function every handler uses: role tiers and row visibility (reference §2).
/// - role: `requireRole` → 403 "insufficient permissions" when the caller's rank is below the minimum;
/// - visibility: admin and above see every agent of their org; others see themselves, agents sharing
///   one of their tags, and agents that granted them read access. Nobody sees another org: every
///   lookup is scoped by the caller's org, so another org's rows are simply not found (404).
class AccessPolicy
{
public:
    explicit AccessPolicy(storage::GrantRepository& grants) : _grants(grants) {}

    struct Visibility
    {
        bool everything = false;         ///< admin+: the whole org
        std::set<std::string> agentIds;  ///< otherwise exactly these agent_ids
        bool allows(const std::string& agentId) const { return everything || agentIds.count(agentId) > 0; }
    };

    static void requireRole(const auth::Principal& caller, auth::Role minimum);
    static bool isAdmin(const auth::Principal& caller) { return auth::hasRole(caller.role, auth::Role::admin); }

    Visibility visibility(const auth::Principal& caller);

    /// `visibility` as the SQL filter the decision and conflict reads push down: the caller's org and
    /// the agents visible in it.
    storage::DecisionScope decisionScope(const auth::Principal& caller);

    /// 403 "insufficient permissions" unless `agentId` is visible to the caller.
    void requireVisible(const auth::Principal& caller, const std::string& agentId);

    /// Non-admins write only as themselves: 403 unless `agentId` is the caller's own (admin+ may act for
    /// any agent of the org).
    static void requireSelfOrAdmin(const auth::Principal& caller, const std::string& agentId);

private:
    storage::GrantRepository& _grants;
};
} // namespace akashi::services
