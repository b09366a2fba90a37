#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace akashi::stream
{
/// A numbered event on its way to subscribers: what the broker filters on, and the SSE frame it
/// writes (built once, shared by every subscriber that receives it).
struct StreamEvent
{
    std::int64_t seq = 0;           ///< the SSE `id:`
    std::string channel;            ///< the SSE `event:` (akashi_decisions | akashi_conflicts)
    std::string orgId;              ///< only this org's subscribers receive it
    std::vector<std::string> agents; ///< agents whose decisions it reveals (agent_id, or agent_a and agent_b)
    std::string payload;            ///< the reference payload, one line of JSON
    std::shared_ptr<const std::string> frame; ///< `id: ...\nevent: ...\ndata: ...\n\n`
};

/// Builds a StreamEvent from a stored payload: reads the agents out of it and formats the frame.
/// Returns nullptr when the payload is not a JSON object (the reference drops those).
std::shared_ptr<const StreamEvent> makeStreamEvent(std::int64_t seq, std::string channel, std::string orgId,
                                                   std::string payload);
} // namespace akashi::stream
