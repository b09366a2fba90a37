#pragma once
#include "storage/IdempotencyRepository.h"

#include <chrono>
#include <optional>
#include <string>

namespace akashi::services
{
/// Idempotent writes (reference §4, HEAD): the first request with a key claims it; a retry with the
/// same key and payload gets the stored response back; a different payload, or a retry while the first
/// is still running, gets 409. Thread-safe (stateless over the repository).
class IdempotencyService
{
public:
    struct Settings
    {
        std::chrono::milliseconds inProgressTtl{std::chrono::minutes(5)};
        std::chrono::milliseconds completedTtl{std::chrono::hours(168)};
        std::chrono::milliseconds abandonedTtl{std::chrono::hours(24)};
    };

    struct StoredResponse
    {
        int statusCode = 0;
        std::string dataJson;
    };

    IdempotencyService(storage::IdempotencyRepository& repository, Settings settings)
        : _repository(repository), _settings(settings)
    {
    }

    /// Claims the key (nothing returned: run the write), or returns the response to replay. Throws
    /// akashi::Exception(conflict) "idempotency key reused with different payload" or
    /// "idempotency key request already in progress".
    std::optional<StoredResponse> begin(const storage::IdempotencyRepository::Key& key, const std::string& requestHash);

    /// Stores the response of a claimed key; tried three times, then logged (the write itself stands:
    /// the key stays in progress until the in-progress TTL lets a retry take it over).
    void complete(const storage::IdempotencyRepository::Key& key, int statusCode, const std::string& dataJson) noexcept;

    /// Frees a claimed key after the write failed. Never throws (logs instead).
    void release(const storage::IdempotencyRepository::Key& key) noexcept;

    /// One cleanup pass; returns the rows removed.
    std::int64_t removeExpired();

    const Settings& settings() const noexcept { return _settings; }

private:
    storage::IdempotencyRepository& _repository;
    const Settings _settings;
};
} // namespace akashi::services
