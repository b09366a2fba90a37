#pragma once
#include "http/RouteHandler.h"

#include <chrono>
#include <functional>

namespace akashi::api
{
/// `GET /health` (no auth): the runbook's health document. 200 when PostgreSQL answers a ping, 503 when
/// it does not — and only then. Fields of subsystems that do not exist yet are absent, as the runbook
/// omits fields of disabled subsystems.
class HealthHandler final : public http::RouteHandler
{
public:
    /// `pingDatabase` must be thread-safe, bounded in time and must not throw.
    HealthHandler(std::function<bool()> pingDatabase, std::chrono::steady_clock::time_point startedAt);

    void handle(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) override;

private:
    std::function<bool()> _pingDatabase;
    std::chrono::steady_clock::time_point _startedAt;
};
} // namespace akashi::api
