#include "http/ResponseWriter.h"

#include "http/RequestContext.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Timestamp.h>

#include <sstream>

namespace akashi::http
{
Poco::JSON::Object::Ptr ResponseWriter::meta(const RequestContext& context)
{
    Poco::JSON::Object::Ptr meta = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    meta->set("request_id", context.requestId());
    meta->set("timestamp", Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ"));
    return meta;
}

void ResponseWriter::writeData(Poco::Net::HTTPServerResponse& response, const RequestContext& context, int status,
                               const Poco::Dynamic::Var& data)
{
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    if (!data.isEmpty())
        body.set("data", data);
    body.set("meta", meta(context));
    send(response, status, body);
}

void ResponseWriter::writeList(Poco::Net::HTTPServerResponse& response, const RequestContext& context,
                               const Poco::JSON::Array::Ptr& items, std::optional<std::int64_t> total, bool hasMore,
                               int limit, int offset)
{
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("data", items);
    if (total)
        body.set("total", *total);
    body.set("has_more", hasMore);
    body.set("limit", limit);
    body.set("offset", offset);
    body.set("meta", meta(context));
    send(response, 200, body);
}

void ResponseWriter::writePage(Poco::Net::HTTPServerResponse& response, const RequestContext& context,
                               const Poco::JSON::Array::Ptr& items, std::int64_t total, int limit, int offset)
{
    const bool hasMore = offset + static_cast<std::int64_t>(items->size()) < total;
    writeList(response, context, items, total, hasMore, limit, offset);
}

void ResponseWriter::writeError(Poco::Net::HTTPServerResponse& response, const RequestContext& context,
                                ErrorCode code, const std::string& message)
{
    const auto& info = errorCodeInfo(code);
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    error->set("code", std::string(info.wireCode));
    error->set("message", message);
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("error", error);
    body.set("meta", meta(context));
    send(response, info.httpStatus, body);
}

void ResponseWriter::writeEmpty(Poco::Net::HTTPServerResponse& response, int status)
{
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength(0);
    response.send();
}

void ResponseWriter::send(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& body)
{
    std::ostringstream out;
    // Without JSON_ESCAPE_UNICODE, UTF-8 text is written as is rather than as \u escapes.
    Poco::JSON::Stringifier::condense(body, out, Poco::JSON_WRAP_STRINGS);
    const std::string text = out.str();
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(text.size()));
    response.send() << text;
}
} // namespace akashi::http
