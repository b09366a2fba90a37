#pragma once
#include <cstdint>
#include <string>

namespace akashi::storage
{
/// One row of stream_events (migration 0009): an SSE event as it is stored and replayed.
struct StreamEventRecord
{
    std::int64_t id = 0;  ///< row identity, only for the relay's bookkeeping
    std::int64_t seq = 0; ///< the SSE event id; 0 = not numbered yet
    std::string orgId;
    std::string channel;  ///< akashi_decisions | akashi_conflicts
    std::string payload;  ///< the reference payload, JSON text
};
} // namespace akashi::storage
