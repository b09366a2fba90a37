#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace akashi::auth
{
/// Remembers API keys that recently passed Argon2id verification, so an agent sending
/// `Authorization: ApiKey` on every request (MCP clients do) pays the 64 MiB hash once per TTL, not per
/// request. An entry is the SHA-256 of (agent row id, stored hash, secret): it matches only while the
/// stored hash is unchanged, so rotating or deleting the key invalidates it at once, and the cache
/// holds no secret. Thread-safe (one mutex).
class CredentialCache
{
public:
    CredentialCache(std::chrono::seconds ttl, std::size_t capacity) : _ttl(ttl), _capacity(capacity) {}

    bool contains(const std::string& agentUuid, const std::string& storedHash, const std::string& secret);
    void remember(const std::string& agentUuid, const std::string& storedHash, const std::string& secret);

private:
    static std::string key(const std::string& agentUuid, const std::string& storedHash, const std::string& secret);

    const std::chrono::seconds _ttl;
    const std::size_t _capacity;
    std::mutex _mutex;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> _expiry;
};
} // namespace akashi::auth
