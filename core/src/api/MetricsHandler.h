#pragma once
#include "http/RouteHandler.h"
#include "telemetry/MetricsScrape.h"

#include <functional>

namespace akashi::api
{
/// `GET /metrics` (no auth, like /health): the server's metrics as the scrape exporter renders them
/// (Prometheus text format 0.0.4 from the prometheus exporter), fresh at every request. The route exists
/// only when an enabled exporter serves scrapes; without one the path is 404 like any unknown path.
class MetricsHandler final : public http::RouteHandler
{
public:
    /// `scrape` is thread-safe and throws akashi::Exception when the exporter fails (then 500).
    explicit MetricsHandler(std::function<telemetry::MetricsScrape()> scrape);

    void handle(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) override;

private:
    std::function<telemetry::MetricsScrape()> _scrape;
};
} // namespace akashi::api
