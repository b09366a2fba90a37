#pragma once
#include "storage/Database.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace akashi::storage
{
/// The `idempotency_keys` table: one row per (org, agent, endpoint, key), `in_progress` while the first
/// request runs, then `completed` with the response it gave. Every statement is scoped by the full key.
class IdempotencyRepository
{
public:
    struct Key
    {
        std::string orgId;
        std::string agentId;
        std::string endpoint; ///< e.g. "POST:/v1/trace"
        std::string key;      ///< the client's Idempotency-Key
    };

    /// The row another request left, when this one could not claim the key.
    struct Existing
    {
        std::string requestHash;
        bool completed = false;
        int statusCode = 0;
        std::string responseJson; ///< the `data` the first request answered with (completed only)
    };

    explicit IdempotencyRepository(Database& database) : _database(database) {}

    /// Claims `key` for a request whose payload hashes to `requestHash`: inserts an in-progress row, or
    /// takes over an in-progress row untouched for longer than `inProgressTtl` (its request died).
    /// Returns nothing when claimed, else the row that holds the key.
    std::optional<Existing> claim(const Key& key, const std::string& requestHash, std::chrono::milliseconds inProgressTtl);

    /// Records the response of the claimed request.
    void complete(const Key& key, int statusCode, const std::string& responseJson);

    /// Frees a claimed key whose request failed, so a retry runs it afresh.
    void release(const Key& key);

    /// Deletes completed rows older than `completedTtl` and in-progress rows older than `abandonedTtl`;
    /// returns how many.
    std::int64_t removeExpired(std::chrono::milliseconds completedTtl, std::chrono::milliseconds abandonedTtl);

private:
    Database& _database;
};
} // namespace akashi::storage
