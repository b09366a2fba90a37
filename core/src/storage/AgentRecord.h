#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace akashi::storage
{
/// One row of `agents`. Timestamps are RFC 3339 (UTC, microseconds); metadata is JSON text.
struct AgentRecord
{
    std::string id;
    std::string orgId;
    std::string agentId;
    std::string name;
    std::string role;
    std::optional<std::string> apiKeyHash; ///< never leaves the server
    std::vector<std::string> tags;
    std::string metadata = "{}";
    std::string createdAt;
    std::string updatedAt;
    std::optional<std::string> lastSeen;
};

/// What a caller supplies to register an agent; the hash is computed by the service.
struct NewAgent
{
    std::string orgId;
    std::string agentId;
    std::string name;
    std::string role;
    std::string apiKeyHash;
    std::vector<std::string> tags;
    std::string metadata = "{}";
};

/// Rows removed by a destructive agent delete, per table (the reference's `deleted` object).
struct AgentDeletionCounts
{
    std::int64_t evidence = 0;
    std::int64_t alternatives = 0;
    std::int64_t decisions = 0;
    std::int64_t events = 0;
    std::int64_t runs = 0;
    std::int64_t grants = 0;
    std::int64_t agents = 0;
};
} // namespace akashi::storage
