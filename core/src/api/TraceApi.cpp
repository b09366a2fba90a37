#include "api/TraceApi.h"

#include "api/IdempotentWrite.h"
#include "api/TraceRequestDecoder.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPServerRequest.h>

namespace akashi::api
{
namespace
{
std::optional<std::string> header(const Poco::Net::HTTPServerRequest& request, const std::string& name)
{
    return request.has(name) ? std::optional<std::string>(request.get(name)) : std::nullopt;
}
} // namespace

void TraceApi::trace(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response)
{
    const auto body = http::RequestBody::readJsonObject(request, context.maxBodyBytes());
    const TraceRequestDecoder::Headers headers{header(request, "X-Akashi-Session"), header(request, "User-Agent"),
                                               header(request, "X-Model")};
    // The headers end up in the stored decision, so they are part of what a replay must match.
    IdempotentWrite idempotent(_idempotency, context, request, body,
                               headers.session.value_or("") + '\n' + headers.userAgent.value_or("") + '\n' +
                                   headers.model.value_or(""));
    if (idempotent.replay(response))
        return;
    const auto decoded = TraceRequestDecoder::decode(body, headers);
    context.setSpanAttribute("akashi.decision_type", decoded.decisionType);
    if (decoded.traceId)
        context.setSpanAttribute("akashi.trace_id", *decoded.traceId);
    const auto recorded = _trace.record(context.principal(), decoded);

    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("run_id", recorded.runId);
    data->set("decision_id", recorded.decisionId);
    data->set("event_count", recorded.eventCount);
    data->set("warnings", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
    idempotent.writeData(response, 201, data, recorded.token);
}
} // namespace akashi::api
