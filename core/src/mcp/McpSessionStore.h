#pragma once
#include "auth/Principal.h"
#include "mcp/McpSession.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace akashi::mcp
{
/// The live MCP sessions of this server instance, in memory. Sessions are not shared between instances:
/// behind a load balancer, a client must stay on the instance that answered its `initialize` (sticky
/// routing on the `Mcp-Session-Id` header, or on the client address); elsewhere it gets 404 and, as the
/// MCP spec requires of clients, initialises again. Nothing a session holds is needed to serve a
/// request (every request re-authenticates and re-reads RBAC), so losing one costs a round trip only.
///
/// A session expires after `idleTtl` without a request. The store holds at most `maxSessions`; creating
/// one more evicts expired sessions first, then the least recently used. Ids are 32 CSPRNG bytes in
/// lower-case hex (visible ASCII, as the transport requires). Thread-safe: one mutex over the map.
class McpSessionStore
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    struct Settings
    {
        std::chrono::milliseconds idleTtl{std::chrono::minutes(30)};
        std::size_t maxSessions = 10000;
    };

    explicit McpSessionStore(Settings settings, Clock clock = &std::chrono::steady_clock::now);

    /// A new session for `principal`; returns it with its id.
    McpSession create(const auth::Principal& principal, const std::string& protocolVersion,
                      const std::string& clientName);

    /// The session named `id` when it exists, has not expired and belongs to `principal` (same org and
    /// agent row); marks it used. nullopt otherwise: the caller answers 404 in every case, so another
    /// principal cannot tell a foreign session from an unknown one.
    std::optional<McpSession> find(const std::string& id, const auth::Principal& principal);

    /// Ends the session (`DELETE /mcp`) when `find` would return it; whether it did.
    bool remove(const std::string& id, const auth::Principal& principal);

    /// resources/subscribe and resources/unsubscribe for a session `find` returned; false when it is
    /// gone meanwhile. A session holds at most kMaxSubscriptions URIs (then kInvalidParams).
    bool setSubscribed(const std::string& id, const std::string& uri, bool subscribed);

    /// Whether the (unexpired) session is subscribed to `uri`. Does not count as use.
    bool isSubscribed(const std::string& id, const std::string& uri) const;

    static constexpr std::size_t kMaxSubscriptions = 64;

    std::size_t size() const;
    const Settings& settings() const noexcept { return _settings; }

private:
    bool expired(const McpSession& session, std::chrono::steady_clock::time_point now) const;
    void makeRoom(std::chrono::steady_clock::time_point now); ///< with _mutex held

    Settings _settings;
    Clock _clock;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, McpSession> _sessions;
};
} // namespace akashi::mcp
