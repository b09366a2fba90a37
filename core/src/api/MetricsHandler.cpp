#include "api/MetricsHandler.h"

#include <Poco/Net/HTTPServerResponse.h>

namespace akashi::api
{
MetricsHandler::MetricsHandler(std::function<telemetry::MetricsScrape()> scrape) : _scrape(std::move(scrape)) {}

void MetricsHandler::handle(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response)
{
    const telemetry::MetricsScrape scrape = _scrape();
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType(scrape.contentType);
    response.sendBuffer(scrape.body.data(), scrape.body.size());
}
} // namespace akashi::api
