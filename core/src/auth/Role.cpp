#include "auth/Role.h"

namespace akashi::auth
{
namespace
{
struct RoleName
{
    Role role;
    std::string_view name;
};
constexpr RoleName kRoleNames[] = {
    {Role::reader, "reader"},        {Role::agent, "agent"},
    {Role::admin, "admin"},          {Role::orgOwner, "org_owner"},
    {Role::platformAdmin, "platform_admin"},
};
} // namespace

std::optional<Role> parseRole(std::string_view name)
{
    for (const auto& entry : kRoleNames)
        if (entry.name == name)
            return entry.role;
    return std::nullopt;
}

std::string_view roleName(Role role) noexcept
{
    for (const auto& entry : kRoleNames)
        if (entry.role == role)
            return entry.name;
    return "unknown";
}

bool hasRole(Role have, Role need) noexcept
{
    return static_cast<int>(have) >= static_cast<int>(need);
}
} // namespace akashi::auth
