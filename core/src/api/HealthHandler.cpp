#include "api/HealthHandler.h"

#include "common/BuildInfo.h"
#include "http/ResponseWriter.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPResponse.h>

namespace akashi::api
{
HealthHandler::HealthHandler(std::function<bool()> pingDatabase, std::chrono::steady_clock::time_point startedAt,
                             Buffer buffer, Search search, std::function<std::string()> sseBroker)
    : _pingDatabase(std::move(pingDatabase)), _startedAt(startedAt), _buffer(std::move(buffer)),
      _search(std::move(search)), _sseBroker(std::move(sseBroker))
{
}

const char* HealthHandler::bufferStatus(std::size_t depth, std::size_t capacity) noexcept
{
    if (capacity > 0 && depth * 4 > capacity * 3)
        return "critical";
    if (capacity > 0 && depth * 2 > capacity)
        return "high";
    return "ok";
}

void HealthHandler::handle(http::RequestContext& context, Poco::Net::HTTPServerRequest&,
                           Poco::Net::HTTPServerResponse& response)
{
    const bool postgresUp = _pingDatabase();
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - _startedAt);

    const std::size_t depth = _buffer.depth ? _buffer.depth() : 0;
    const std::string buffer = bufferStatus(depth, _buffer.capacity);

    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("status", !postgresUp ? "unhealthy" : buffer == "critical" ? "degraded" : "healthy");
    data->set("version", buildinfo::kVersion);
    data->set("postgres", postgresUp ? "connected" : "disconnected");
    if (_buffer.depth)
    {
        data->set("buffer_depth", static_cast<Poco::UInt64>(depth));
        data->set("buffer_status", buffer);
    }
    if (_search.status)
    {
        // Search degrades to text while the provider is down or the index catches up: never a 503.
        const auto search = _search.status();
        data->set("embedding_provider", search.embeddingModel);
        data->set("embedding", search.providerAvailable ? "available" : "unavailable");
        data->set("vector_index", search.indexCaughtUp ? "ready" : "catching_up");
        data->set("vector_index_size", static_cast<Poco::UInt64>(search.indexedVectors));
        if (search.outboxDepth >= 0)
            data->set("outbox_depth", static_cast<Poco::Int64>(search.outboxDepth));
    }
    if (_sseBroker)
        data->set("sse_broker", _sseBroker());
    data->set("uptime_seconds", static_cast<Poco::Int64>(uptime.count()));

    http::ResponseWriter::writeData(response, context,
                                    postgresUp ? Poco::Net::HTTPResponse::HTTP_OK
                                               : Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                                    data);
}
} // namespace akashi::api
