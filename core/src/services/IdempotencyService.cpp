#include "services/IdempotencyService.h"

#include "common/Exception.h"
#include "logging/Log.h"

#include <exception>

namespace akashi::services
{
namespace
{
Poco::Logger& logger()
{
    return Poco::Logger::get("idempotency");
}

std::string describe(const std::exception& e)
{
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&e))
        return poco->displayText();
    return e.what();
}
} // namespace

std::optional<IdempotencyService::StoredResponse> IdempotencyService::begin(
    const storage::IdempotencyRepository::Key& key, const std::string& requestHash)
{
    const auto existing = _repository.claim(key, requestHash, _settings.inProgressTtl);
    if (!existing)
        return std::nullopt;
    if (existing->requestHash != requestHash)
        throw Exception(ErrorCode::conflict, "idempotency key reused with different payload");
    if (!existing->completed)
        throw Exception(ErrorCode::conflict, "idempotency key request already in progress");
    return StoredResponse{existing->statusCode, existing->responseJson};
}

void IdempotencyService::complete(const storage::IdempotencyRepository::Key& key, int statusCode,
                                  const std::string& dataJson) noexcept
{
    std::string lastError;
    for (int attempt = 0; attempt < 3; ++attempt)
    {
        try
        {
            _repository.complete(key, statusCode, dataJson);
            return;
        }
        catch (const std::exception& e)
        {
            lastError = describe(e);
        }
    }
    logging::error(logger(), "idempotency: cannot record the response",
                   {{"endpoint", key.endpoint}, {"agent_id", key.agentId}, {"error", lastError}});
}

void IdempotencyService::release(const storage::IdempotencyRepository::Key& key) noexcept
{
    try
    {
        _repository.release(key);
    }
    catch (const std::exception& e)
    {
        logging::error(logger(), "idempotency: cannot release the key of a failed request",
                       {{"endpoint", key.endpoint}, {"agent_id", key.agentId}, {"error", describe(e)}});
    }
}

std::int64_t IdempotencyService::removeExpired()
{
    const auto removed = _repository.removeExpired(_settings.completedTtl, _settings.abandonedTtl);
    if (removed > 0)
        logging::info(logger(), "idempotency keys cleaned up", {{"count", removed}});
    return removed;
}
} // namespace akashi::services
