#include "auth/CredentialCache.h"

#include "common/Sha256.h"

namespace akashi::auth
{
std::string CredentialCache::key(const std::string& agentUuid, const std::string& storedHash, const std::string& secret)
{
    return Sha256::digest(agentUuid + '\0' + storedHash + '\0' + secret);
}

bool CredentialCache::contains(const std::string& agentUuid, const std::string& storedHash, const std::string& secret)
{
    const std::string k = key(agentUuid, storedHash, secret);
    std::lock_guard lock(_mutex);
    auto it = _expiry.find(k);
    if (it == _expiry.end())
        return false;
    if (it->second <= std::chrono::steady_clock::now())
    {
        _expiry.erase(it);
        return false;
    }
    return true;
}

void CredentialCache::remember(const std::string& agentUuid, const std::string& storedHash, const std::string& secret)
{
    const std::string k = key(agentUuid, storedHash, secret);
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(_mutex);
    if (_expiry.size() >= _capacity)
    {
        for (auto it = _expiry.begin(); it != _expiry.end();)
            it = it->second <= now ? _expiry.erase(it) : std::next(it);
        if (_expiry.size() >= _capacity)
            _expiry.clear(); // full of live entries: start over rather than grow; costs one hash each
    }
    _expiry[k] = now + _ttl;
}
} // namespace akashi::auth
