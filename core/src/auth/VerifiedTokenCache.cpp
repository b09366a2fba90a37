#include "auth/VerifiedTokenCache.h"

#include "common/Sha256.h"

namespace akashi::auth
{
std::optional<TokenClaims> VerifiedTokenCache::find(std::string_view token, std::chrono::system_clock::time_point now)
{
    const auto key = Sha256::digest(token);
    std::lock_guard<std::mutex> lock(_mutex);
    const auto entry = _claims.find(key);
    if (entry == _claims.end())
        return std::nullopt;
    if (now >= entry->second.expiresAt)
    {
        _claims.erase(entry);
        return std::nullopt;
    }
    return entry->second;
}

void VerifiedTokenCache::remember(std::string_view token, const TokenClaims& claims,
                                  std::chrono::system_clock::time_point now)
{
    const auto key = Sha256::digest(token);
    std::lock_guard<std::mutex> lock(_mutex);
    if (_claims.size() >= _capacity)
    {
        for (auto entry = _claims.begin(); entry != _claims.end();)
            entry = now >= entry->second.expiresAt ? _claims.erase(entry) : std::next(entry);
        if (_claims.size() >= _capacity)
            _claims.clear();
    }
    _claims.emplace(key, claims);
}

std::size_t VerifiedTokenCache::size() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _claims.size();
}
} // namespace akashi::auth
