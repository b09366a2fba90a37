#pragma once
#include <optional>
#include <string_view>

namespace akashi::auth
{
/// What a principal may do, as a rank: a higher role includes every lower one. The numeric values are
/// the ranks and are compared by hasRole; they are never stored or sent (the wire form is roleName).
enum class Role
{
    reader = 1,
    agent = 2,
    admin = 3,
    orgOwner = 4,
    platformAdmin = 5
};

/// The role for its wire name ("reader", "agent", "admin", "org_owner", "platform_admin"); nullopt for any
/// other text, including other spellings and cases.
std::optional<Role> parseRole(std::string_view name);

/// The wire name of `role`.
std::string_view roleName(Role role) noexcept;

/// True when `have` ranks at least as high as `need`.
bool hasRole(Role have, Role need) noexcept;
} // namespace akashi::auth
