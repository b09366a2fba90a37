#pragma once
#include <optional>
#include <string>
#include <vector>

namespace akashi::mcp
{
/// The protocol revisions this server speaks, and what differs between them.
class McpProtocol
{
public:
    static constexpr const char* kLatestVersion = "2025-11-25";
    static constexpr const char* kServerName = "akashi";

    /// Newest first: 2025-11-25, 2025-06-18, 2025-03-26.
    static const std::vector<std::string>& supportedVersions();
    static bool supports(const std::string& version);

    /// The version to answer `initialize` with: the client's when supported, else the latest (the client
    /// then decides whether it can continue).
    static std::string negotiate(const std::optional<std::string>& requested);

    /// JSON-RPC batches (an array of messages in one POST) exist only in 2025-03-26; 2025-06-18 removed them.
    static bool allowsBatches(const std::string& version);
};
} // namespace akashi::mcp
