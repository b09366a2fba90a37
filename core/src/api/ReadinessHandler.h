#pragma once
#include "http/RouteHandler.h"

#include <functional>

namespace akashi::app
{
class Readiness;
}

namespace akashi::api
{
/// `GET /ready` and `GET /readyz` (no auth), for load balancers and Kubernetes readiness probes:
/// `{"status": "ready"|"not_ready", "checks": {"postgres": "ok"|"unavailable", "lifecycle":
/// "starting"|"serving"|"draining"}}`, 200 only while the server is serving and PostgreSQL answers a
/// ping, 503 otherwise. Unlike /health (liveness, which stays 200 while draining), it turns 503 as soon
/// as shutdown begins. No envelope, as the reference's /readyz.
class ReadinessHandler final : public http::RouteHandler
{
public:
    /// `pingDatabase` must be thread-safe, bounded in time and must not throw; `readiness` outlives
    /// the handler.
    ReadinessHandler(std::function<bool()> pingDatabase, const app::Readiness& readiness);

    void handle(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) override;

private:
    std::function<bool()> _pingDatabase;
    const app::Readiness& _readiness;
};
} // namespace akashi::api
