#include "storage/IdempotencyRepository.h"

namespace akashi::storage
{
namespace
{
SqlParams keyParams(const IdempotencyRepository::Key& key)
{
    return SqlParams().add(key.orgId).add(key.agentId).add(key.endpoint).add(key.key);
}

std::string interval(std::chrono::milliseconds duration)
{
    return std::to_string(duration.count()) + " milliseconds";
}
} // namespace

std::optional<IdempotencyRepository::Existing> IdempotencyRepository::claim(const Key& key,
                                                                            const std::string& requestHash,
                                                                            std::chrono::milliseconds inProgressTtl)
{
    auto connection = _database.connection();
    // The row may vanish between the two statements (released or cleaned up): then claim again.
    for (int attempt = 0; attempt < 3; ++attempt)
    {
        auto claimed = connection->exec(
            "INSERT INTO idempotency_keys (org_id, agent_id, endpoint, idempotency_key, request_hash, status) "
            "VALUES ($1::uuid, $2, $3, $4, $5, 'in_progress') "
            "ON CONFLICT (org_id, agent_id, endpoint, idempotency_key) DO UPDATE "
            "SET request_hash = EXCLUDED.request_hash, created_at = now(), updated_at = now() "
            "WHERE idempotency_keys.status = 'in_progress' AND idempotency_keys.updated_at < now() - $6::interval "
            "RETURNING 1 AS claimed",
            keyParams(key).add(requestHash).add(interval(inProgressTtl)));
        if (claimed.rows() == 1)
            return std::nullopt;
        auto row = connection->exec("SELECT request_hash, status, status_code, response_data::text AS response "
                                    "FROM idempotency_keys WHERE org_id = $1::uuid AND agent_id = $2 AND endpoint = $3 "
                                    "AND idempotency_key = $4",
                                    keyParams(key));
        if (row.rows() == 0)
            continue;
        Existing existing;
        existing.requestHash = row.text(0, "request_hash");
        existing.completed = row.text(0, "status") == "completed";
        if (existing.completed)
        {
            existing.statusCode = static_cast<int>(row.int64(0, "status_code"));
            existing.responseJson = row.text(0, "response");
        }
        return existing;
    }
    // Three claims lost to three removals in a row: report it as a request in progress.
    return Existing{requestHash, false, 0, {}};
}

void IdempotencyRepository::complete(const Key& key, int statusCode, const std::string& responseJson)
{
    auto connection = _database.connection();
    connection->exec("UPDATE idempotency_keys SET status = 'completed', status_code = $5, response_data = $6::jsonb, "
                     "updated_at = now() WHERE org_id = $1::uuid AND agent_id = $2 AND endpoint = $3 "
                     "AND idempotency_key = $4",
                     keyParams(key).add(statusCode).add(responseJson));
}

void IdempotencyRepository::release(const Key& key)
{
    auto connection = _database.connection();
    connection->exec("DELETE FROM idempotency_keys WHERE org_id = $1::uuid AND agent_id = $2 AND endpoint = $3 "
                     "AND idempotency_key = $4 AND status = 'in_progress'",
                     keyParams(key));
}

std::int64_t IdempotencyRepository::removeExpired(std::chrono::milliseconds completedTtl,
                                                  std::chrono::milliseconds abandonedTtl)
{
    auto connection = _database.connection();
    return connection
        ->exec("DELETE FROM idempotency_keys WHERE (status = 'completed' AND updated_at < now() - $1::interval) "
               "OR (status = 'in_progress' AND updated_at < now() - $2::interval)",
               SqlParams().add(interval(completedTtl)).add(interval(abandonedTtl)))
        .affectedRows();
}
} // namespace akashi::storage
