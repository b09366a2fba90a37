#include "api/HealthHandler.h"

#include "common/BuildInfo.h"
#include "http/ResponseWriter.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPResponse.h>

namespace akashi::api
{
HealthHandler::HealthHandler(std::function<bool()> pingDatabase, std::chrono::steady_clock::time_point startedAt)
    : _pingDatabase(std::move(pingDatabase)), _startedAt(startedAt)
{
}

void HealthHandler::handle(http::RequestContext& context, Poco::Net::HTTPServerRequest&,
                           Poco::Net::HTTPServerResponse& response)
{
    const bool postgresUp = _pingDatabase();
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - _startedAt);

    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("status", postgresUp ? "healthy" : "unhealthy");
    data->set("version", buildinfo::kVersion);
    data->set("postgres", postgresUp ? "connected" : "disconnected");
    data->set("uptime_seconds", static_cast<Poco::Int64>(uptime.count()));

    http::ResponseWriter::writeData(response, context,
                                    postgresUp ? Poco::Net::HTTPResponse::HTTP_OK
                                               : Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                                    data);
}
} // namespace akashi::api
