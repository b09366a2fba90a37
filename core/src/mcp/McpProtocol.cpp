#include "mcp/McpProtocol.h"

#include <algorithm>

namespace akashi::mcp
{
const std::vector<std::string>& McpProtocol::supportedVersions()
{
    static const std::vector<std::string> versions{"2025-11-25", "2025-06-18", "2025-03-26"};
    return versions;
}

bool McpProtocol::supports(const std::string& version)
{
    const auto& versions = supportedVersions();
    return std::find(versions.begin(), versions.end(), version) != versions.end();
}

std::string McpProtocol::negotiate(const std::optional<std::string>& requested)
{
    return requested && supports(*requested) ? *requested : std::string(kLatestVersion);
}

bool McpProtocol::allowsBatches(const std::string& version)
{
    return version == "2025-03-26";
}
} // namespace akashi::mcp
