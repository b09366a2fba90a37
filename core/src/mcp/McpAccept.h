#pragma once
#include <string>

namespace akashi::mcp
{
/// What a POST's `Accept` header allows. The transport requires a client to accept both
/// application/json and text/event-stream (`*/*` and `application/*` / `text/*` count); the answer is
/// an event stream only when the client ranks it above JSON (higher q, or equal q and listed first).
struct McpAccept
{
    bool json = false;
    bool eventStream = false;
    bool prefersEventStream = false;

    static McpAccept parse(const std::string& header);
};
} // namespace akashi::mcp
