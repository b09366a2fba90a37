#pragma once
#include <cstdint>
#include <string>

namespace akashi::storage
{
/// One claimed `search_outbox` row: embed the decision (`upsert`) or drop it from the vector index
/// (`delete`, queued when a revision closed it).
struct OutboxEntry
{
    std::int64_t id = 0;
    std::string decisionId;
    std::string orgId;
    std::string operation; ///< "upsert" | "delete"
    int attempts = 0;      ///< failures so far
};
} // namespace akashi::storage
