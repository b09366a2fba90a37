#include "api/ReadinessHandler.h"

#include "app/Readiness.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <sstream>

namespace akashi::api
{
ReadinessHandler::ReadinessHandler(std::function<bool()> pingDatabase, const app::Readiness& readiness)
    : _pingDatabase(std::move(pingDatabase)), _readiness(readiness)
{
}

void ReadinessHandler::handle(http::RequestContext&, Poco::Net::HTTPServerRequest&,
                              Poco::Net::HTTPServerResponse& response)
{
    const auto state = _readiness.state();
    const bool postgresUp = _pingDatabase();
    const bool ready = postgresUp && state == app::Readiness::State::serving;

    Poco::JSON::Object::Ptr checks = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    checks->set("postgres", postgresUp ? "ok" : "unavailable");
    checks->set("lifecycle", app::Readiness::name(state));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("status", ready ? "ready" : "not_ready");
    body.set("checks", checks);

    std::ostringstream out;
    Poco::JSON::Stringifier::condense(body, out);
    const std::string text = out.str();
    response.setStatus(ready ? Poco::Net::HTTPResponse::HTTP_OK : Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(text.size()));
    response.send() << text;
}
} // namespace akashi::api
