#include "storage/GrantRepository.h"

#include "common/Exception.h"
#include "common/Timestamp.h"
#include "storage/DatabaseError.h"

namespace akashi::storage
{
namespace
{
const std::string kColumns =
    "id, org_id, grantor_id, grantee_id, resource_type, resource_id, permission, granted_at, expires_at";

GrantRecord toRecord(const PgResult& result, int row)
{
    GrantRecord grant;
    grant.id = result.text(row, "id");
    grant.orgId = result.text(row, "org_id");
    grant.grantorId = result.text(row, "grantor_id");
    grant.granteeId = result.text(row, "grantee_id");
    grant.resourceType = result.text(row, "resource_type");
    grant.resourceId = result.optionalText(row, "resource_id");
    grant.permission = result.text(row, "permission");
    grant.grantedAt = Timestamp::postgresToRfc3339(result.text(row, "granted_at"));
    if (auto expires = result.optionalText(row, "expires_at"))
        grant.expiresAt = Timestamp::postgresToRfc3339(*expires);
    return grant;
}
} // namespace

GrantRecord GrantRepository::insert(const NewGrant& grant)
{
    auto connection = _database.connection();
    try
    {
        return toRecord(connection->exec("INSERT INTO access_grants (org_id, grantor_id, grantee_id, resource_type, "
                                         "resource_id, permission, expires_at) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, "
                                         "$5, $6, $7::timestamptz) RETURNING " + kColumns,
                                         SqlParams()
                                             .add(grant.orgId)
                                             .add(grant.grantorId)
                                             .add(grant.granteeId)
                                             .add(grant.resourceType)
                                             .add(grant.resourceId)
                                             .add(grant.permission)
                                             .add(grant.expiresAt)),
                        0);
    }
    catch (const DatabaseError& e)
    {
        if (e.isUniqueViolation())
            throw Exception(ErrorCode::conflict, "grant already exists");
        throw;
    }
}

std::optional<GrantRecord> GrantRepository::findById(const std::string& orgId, const std::string& id)
{
    auto connection = _database.connection();
    auto result = connection->exec("SELECT " + kColumns + " FROM access_grants WHERE org_id = $1 AND id = $2::uuid",
                                   SqlParams().add(orgId).add(id));
    return result.rows() > 0 ? std::optional<GrantRecord>(toRecord(result, 0)) : std::nullopt;
}

bool GrantRepository::remove(const std::string& orgId, const std::string& id)
{
    auto connection = _database.connection();
    return connection->exec("DELETE FROM access_grants WHERE org_id = $1 AND id = $2::uuid",
                            SqlParams().add(orgId).add(id))
               .affectedRows() == 1;
}

std::vector<GrantRecord> GrantRepository::list(const std::string& orgId, int limit, int offset)
{
    auto connection = _database.connection();
    auto result = connection->exec("SELECT " + kColumns + " FROM access_grants WHERE org_id = $1 "
                                   "ORDER BY granted_at, id LIMIT $2 OFFSET $3",
                                   SqlParams().add(orgId).add(limit).add(offset));
    std::vector<GrantRecord> grants;
    for (int row = 0; row < result.rows(); ++row)
        grants.push_back(toRecord(result, row));
    return grants;
}

std::int64_t GrantRepository::count(const std::string& orgId)
{
    auto connection = _database.connection();
    return connection->exec("SELECT count(*) AS n FROM access_grants WHERE org_id = $1", SqlParams().add(orgId))
        .int64(0, "n");
}

std::set<std::string> GrantRepository::readableAgentIds(const std::string& orgId, const std::string& callerUuid,
                                                        const std::vector<std::string>& callerTags)
{
    auto connection = _database.connection();
    auto result = connection->exec(
        "SELECT agent_id FROM agents WHERE org_id = $1 AND (id = $2::uuid OR tags && $3::text[]) "
        "UNION SELECT resource_id FROM access_grants WHERE org_id = $1 AND grantee_id = $2::uuid "
        "AND resource_type = 'agent_traces' AND permission = 'read' AND resource_id IS NOT NULL "
        "AND (expires_at IS NULL OR expires_at > now())",
        SqlParams().add(orgId).add(callerUuid).addTextArray(callerTags));
    std::set<std::string> ids;
    for (int row = 0; row < result.rows(); ++row)
        ids.insert(result.text(row, "agent_id"));
    return ids;
}
} // namespace akashi::storage
