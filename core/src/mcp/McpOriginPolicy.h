#pragma once
#include <string>
#include <vector>

namespace akashi::mcp
{
/// Which browser origins may call /mcp (the transport's defence against DNS rebinding). A request
/// without `Origin` (every non-browser client) passes. Otherwise the origin must be listed in
/// AKASHI_CORS_ALLOWED_ORIGINS (`*` allows any), or be a loopback origin (localhost, 127.0.0.1, [::1],
/// any port) while the server itself listens on a loopback address only. Immutable; thread-safe.
class McpOriginPolicy
{
public:
    McpOriginPolicy(std::vector<std::string> allowedOrigins, bool boundToLoopback)
        : _allowedOrigins(std::move(allowedOrigins)), _boundToLoopback(boundToLoopback)
    {
    }

    /// `origin` is the header's value, empty when absent.
    bool allows(const std::string& origin) const;

    /// True for localhost and loopback IP literals (127.0.0.0/8, ::1), with or without brackets.
    static bool isLoopbackAddress(const std::string& address);
    /// An origin (`scheme://host[:port]`) whose host is a loopback address.
    static bool isLoopbackOrigin(const std::string& origin);

private:
    std::vector<std::string> _allowedOrigins;
    bool _boundToLoopback;
};
} // namespace akashi::mcp
