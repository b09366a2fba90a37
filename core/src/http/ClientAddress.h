#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace akashi::http
{
/// The client IP that IP-keyed rate limits (the auth class) count against.
///
/// Behind a load balancer every request arrives from the proxy, so with AKASHI_TRUST_PROXY=true the
/// client is the left-most valid address in `X-Forwarded-For` (the one the first proxy saw), falling back
/// to the socket peer when the header has none. The left-most entry is whatever the client sent unless
/// the proxy replaces the header, which is why trusting it is an operator's opt-in (runbook: only behind a
/// trusted reverse proxy). Addresses are normalised (canonical IPv6 text, IPv4-mapped IPv6 as IPv4), so
/// one client has one key however it is written.
class ClientAddress
{
public:
    /// `peerHost` is the socket peer's address text; `forwardedFor` the X-Forwarded-For value ("" if absent).
    static std::string resolve(const std::string& peerHost, std::string_view forwardedFor, bool trustProxy);

    /// The normalised address in `entry` (one X-Forwarded-For element: an IP, optionally `[v6]`, `[v6]:port`
    /// or `v4:port`, blanks around it); nullopt when it is not an address (e.g. "unknown", a host name).
    static std::optional<std::string> parse(std::string_view entry);
};
} // namespace akashi::http
