#include "auth/ApiKeyHasher.h"

#include "auth/Base64Url.h"
#include "auth/RandomId.h"
#include "common/Exception.h"

#include <argon2.h>
#include <openssl/crypto.h>

#include <array>
#include <new>
#include <optional>

namespace akashi::auth
{
namespace
{
using Key = std::array<unsigned char, ApiKeyHasher::kKeyBytes>;

struct Decoded
{
    std::string salt;
    std::string key;
};

/// Argon2id of `secret` with `salt`; nullopt (with `error` set) when libargon2 refuses.
std::optional<Key> derive(std::string_view secret, std::string_view salt, const ApiKeyHasher::Cost& cost,
                          int& error) noexcept
{
    Key key{};
    error = argon2id_hash_raw(cost.timeCost, cost.memoryKiB, cost.parallelism, secret.data(), secret.size(),
                              salt.data(), salt.size(), key.data(), key.size());
    if (error != ARGON2_OK)
        return std::nullopt;
    return key;
}

std::optional<Decoded> decode(std::string_view encoded)
{
    const auto separator = encoded.find('$');
    if (separator == std::string_view::npos)
        return std::nullopt;
    auto salt = Base64Url::decodeStd(encoded.substr(0, separator));
    auto key = Base64Url::decodeStd(encoded.substr(separator + 1));
    if (!salt || !key || salt->size() != ApiKeyHasher::kSaltBytes || key->size() != ApiKeyHasher::kKeyBytes)
        return std::nullopt;
    return Decoded{std::move(*salt), std::move(*key)};
}

/// The dummy hash's salt and key: random, drawn once; zeros if the CSPRNG fails (still matched by nothing
/// in practice, and the cost of the verification is what matters).
const Decoded& dummy() noexcept
{
    static const Decoded value = []() noexcept
    {
        try
        {
            return Decoded{RandomId::bytes(ApiKeyHasher::kSaltBytes), RandomId::bytes(ApiKeyHasher::kKeyBytes)};
        }
        catch (const Exception&)
        {
            return Decoded{std::string(ApiKeyHasher::kSaltBytes, '\0'), std::string(ApiKeyHasher::kKeyBytes, '\0')};
        }
    }();
    return value;
}

bool matches(std::string_view secret, const Decoded& stored, const ApiKeyHasher::Cost& cost) noexcept
{
    int error = ARGON2_OK;
    const auto key = derive(secret, stored.salt, cost, error);
    return key && CRYPTO_memcmp(key->data(), stored.key.data(), key->size()) == 0;
}
} // namespace

std::string ApiKeyHasher::hash(std::string_view secret)
{
    return hash(secret, Cost{});
}

std::string ApiKeyHasher::hash(std::string_view secret, const Cost& cost)
{
    const std::string salt = RandomId::bytes(kSaltBytes);
    int error = ARGON2_OK;
    const auto key = derive(secret, salt, cost, error);
    if (!key)
        throw Exception(ErrorCode::internal, "cannot hash the API key", argon2_error_message(error));
    return Base64Url::encodeStd(salt) + "$" +
           Base64Url::encodeStd(std::string_view(reinterpret_cast<const char*>(key->data()), key->size()));
}

bool ApiKeyHasher::verify(std::string_view secret, std::string_view encoded) noexcept
{
    return verify(secret, encoded, Cost{});
}

bool ApiKeyHasher::verify(std::string_view secret, std::string_view encoded, const Cost& cost) noexcept
{
    try
    {
        if (const auto stored = decode(encoded))
            return matches(secret, *stored, cost);
    }
    catch (const std::bad_alloc&)
    {
        return false;
    }
    matches(secret, dummy(), cost);
    return false;
}

void ApiKeyHasher::verifyDummy(std::string_view secret) noexcept
{
    verifyDummy(secret, Cost{});
}

void ApiKeyHasher::verifyDummy(std::string_view secret, const Cost& cost) noexcept
{
    matches(secret, dummy(), cost);
}
} // namespace akashi::auth
