#pragma once
#include <optional>
#include <string>

namespace akashi::storage
{
/// One row of `agent_runs`. Timestamps are RFC 3339 (UTC, microseconds); metadata is JSON text.
struct RunRecord
{
    std::string id;
    std::string orgId;
    std::string agentId;
    std::optional<std::string> traceId;
    std::optional<std::string> parentRunId;
    std::string status; ///< running | completed | failed
    std::string startedAt;
    std::optional<std::string> completedAt;
    std::string metadata = "{}";
    std::string createdAt;
};

/// What a caller supplies to open a run (status `running`, started now).
struct NewRun
{
    std::string orgId;
    std::string agentId;
    std::optional<std::string> traceId;
    std::optional<std::string> parentRunId;
    std::string metadata = "{}";
};
} // namespace akashi::storage
