#include "mcp/McpSessionStore.h"

#include "mcp/JsonRpc.h"

#include "auth/RandomId.h"

#include <algorithm>

namespace akashi::mcp
{
namespace
{
std::string newSessionId()
{
    static constexpr char kHex[] = "0123456789abcdef";
    const std::string bytes = auth::RandomId::bytes(32);
    std::string id;
    id.reserve(bytes.size() * 2);
    for (const unsigned char byte : bytes)
    {
        id.push_back(kHex[byte >> 4]);
        id.push_back(kHex[byte & 0x0f]);
    }
    return id;
}

bool owns(const McpSession& session, const auth::Principal& principal)
{
    return session.orgId == principal.orgId && session.agentUuid == principal.agentUuid;
}
} // namespace

McpSessionStore::McpSessionStore(Settings settings, Clock clock) : _settings(settings), _clock(std::move(clock))
{
}

bool McpSessionStore::expired(const McpSession& session, std::chrono::steady_clock::time_point now) const
{
    return now - session.lastUsed >= _settings.idleTtl;
}

void McpSessionStore::makeRoom(std::chrono::steady_clock::time_point now)
{
    for (auto it = _sessions.begin(); it != _sessions.end();)
        it = expired(it->second, now) ? _sessions.erase(it) : std::next(it);
    while (!_sessions.empty() && _sessions.size() >= _settings.maxSessions)
    {
        const auto oldest = std::min_element(_sessions.begin(), _sessions.end(), [](const auto& a, const auto& b) {
            return a.second.lastUsed < b.second.lastUsed;
        });
        _sessions.erase(oldest);
    }
}

McpSession McpSessionStore::create(const auth::Principal& principal, const std::string& protocolVersion,
                                   const std::string& clientName)
{
    McpSession session;
    session.id = newSessionId();
    session.orgId = principal.orgId;
    session.agentUuid = principal.agentUuid;
    session.agentId = principal.agentId;
    session.protocolVersion = protocolVersion;
    session.clientName = clientName;
    const std::lock_guard lock(_mutex);
    const auto now = _clock();
    session.createdAt = now;
    session.lastUsed = now;
    if (_sessions.size() >= _settings.maxSessions)
        makeRoom(now);
    _sessions[session.id] = session;
    return session;
}

std::optional<McpSession> McpSessionStore::find(const std::string& id, const auth::Principal& principal)
{
    const std::lock_guard lock(_mutex);
    const auto it = _sessions.find(id);
    if (it == _sessions.end())
        return std::nullopt;
    const auto now = _clock();
    if (expired(it->second, now))
    {
        _sessions.erase(it);
        return std::nullopt;
    }
    if (!owns(it->second, principal))
        return std::nullopt;
    it->second.lastUsed = now;
    return it->second;
}

bool McpSessionStore::remove(const std::string& id, const auth::Principal& principal)
{
    const std::lock_guard lock(_mutex);
    const auto it = _sessions.find(id);
    if (it == _sessions.end() || expired(it->second, _clock()) || !owns(it->second, principal))
        return false;
    _sessions.erase(it);
    return true;
}

bool McpSessionStore::setSubscribed(const std::string& id, const std::string& uri, bool subscribed)
{
    const std::lock_guard lock(_mutex);
    const auto it = _sessions.find(id);
    if (it == _sessions.end() || expired(it->second, _clock()))
        return false;
    auto& subscriptions = it->second.subscriptions;
    if (!subscribed)
    {
        subscriptions.erase(uri);
        return true;
    }
    if (subscriptions.size() >= kMaxSubscriptions && subscriptions.count(uri) == 0)
        throw JsonRpcError(rpc::kInvalidParams, "a session subscribes to at most " +
                                                    std::to_string(kMaxSubscriptions) + " resources");
    subscriptions.insert(uri);
    return true;
}

bool McpSessionStore::isSubscribed(const std::string& id, const std::string& uri) const
{
    const std::lock_guard lock(_mutex);
    const auto it = _sessions.find(id);
    return it != _sessions.end() && !expired(it->second, _clock()) && it->second.subscriptions.count(uri) > 0;
}

std::size_t McpSessionStore::size() const
{
    const std::lock_guard lock(_mutex);
    return _sessions.size();
}
} // namespace akashi::mcp
