#pragma once
#include "common/Timestamp.h"

#include <cstdint>
#include <string>

namespace akashi::storage
{
/// One row of `agent_events`. The id and sequence number are assigned by the server before the row is
/// buffered (ingest::EventBuffer); `createdAt` is set by PostgreSQL (the flush transaction's start) and is
/// empty until the row has been read back. `payload` is JSON text.
struct EventRecord
{
    std::string id;
    std::string runId;
    std::string orgId;
    std::string eventType;
    std::int64_t sequenceNum = 0;
    Timestamp::TimePoint occurredAt{};
    std::string agentId;
    std::string payload = "{}";
    std::string createdAt;
};
} // namespace akashi::storage
