#pragma once
#include "storage/AgentRepository.h"

#include <string>

namespace akashi::services
{
/// First start: with an empty agents table and AKASHI_ADMIN_API_KEY set, registers agent `admin`
/// (role admin) in the default org `00000000-0000-0000-0000-000000000000` and logs `seeded initial
/// admin agent`. With an empty table and no key it warns that nobody can authenticate. Later starts
/// change nothing (the key is not re-applied to an existing admin).
class AdminBootstrap
{
public:
    static constexpr const char* kDefaultOrgId = "00000000-0000-0000-0000-000000000000";

    /// Returns whether the admin was seeded.
    static bool run(storage::AgentRepository& agents, const std::string& adminApiKey);
};
} // namespace akashi::services
