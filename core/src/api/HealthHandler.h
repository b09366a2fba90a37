#pragma once
#include "http/RouteHandler.h"
#include "search/PipelineStatus.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace akashi::api
{
/// `GET /health` (no auth): the runbook's health document. 200 when PostgreSQL answers a ping, 503 when
/// it does not — and only then. The event buffer's depth is reported with `buffer_status` ok, high
/// (> 50 % of its capacity) or critical (> 75 %, and the server reports itself `degraded`). Fields of subsystems that do not exist yet are absent, as the runbook
/// omits fields of disabled subsystems.
class HealthHandler final : public http::RouteHandler
{
public:
    /// `pingDatabase` must be thread-safe, bounded in time and must not throw.
    /// The event buffer, when there is one (`depth` thread-safe and non-throwing).
    struct Buffer
    {
        std::function<std::size_t()> depth;
        std::size_t capacity = 0;
    };

    /// The embedding pipeline, when there is one (`status` thread-safe and non-throwing).
    struct Search
    {
        std::function<search::PipelineStatus()> status;
    };

    HealthHandler(std::function<bool()> pingDatabase, std::chrono::steady_clock::time_point startedAt,
                  Buffer buffer, Search search = {}, std::function<std::string()> sseBroker = {});

    /// "ok", "high" or "critical" for `depth` events buffered of `capacity`.
    static const char* bufferStatus(std::size_t depth, std::size_t capacity) noexcept;

    void handle(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) override;

private:
    std::function<bool()> _pingDatabase;
    std::chrono::steady_clock::time_point _startedAt;
    Buffer _buffer;
    Search _search;
    std::function<std::string()> _sseBroker; ///< running | reconnecting | stopped; empty = no SSE
};
} // namespace akashi::api
