#pragma once
#include <optional>
#include <string>

namespace akashi::storage
{
/// One row of `access_grants`: `grantor`/`grantee` are agents.id UUIDs; timestamps RFC 3339.
struct GrantRecord
{
    std::string id;
    std::string orgId;
    std::string grantorId;
    std::string granteeId;
    std::string resourceType;
    std::optional<std::string> resourceId;
    std::string permission;
    std::string grantedAt;
    std::optional<std::string> expiresAt;
};

struct NewGrant
{
    std::string orgId;
    std::string grantorId;
    std::string granteeId;
    std::string resourceType;
    std::optional<std::string> resourceId;
    std::string permission;
    std::optional<std::string> expiresAt; ///< RFC 3339
};
} // namespace akashi::storage
