#include "support/OtlpReceiver.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <cppunit/TestAssert.h>

namespace akashi::test
{
namespace
{
class Handler final : public Poco::Net::HTTPRequestHandler
{
public:
    explicit Handler(OtlpReceiver& receiver) : _receiver(receiver) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        OtlpReceiver::Request recorded;
        recorded.path = request.getURI();
        for (const auto& [name, value] : request)
            recorded.headers[Poco::toLower(name)] = value;
        Poco::StreamCopier::copyToString(request.stream(), recorded.body);
        const OtlpReceiver::Reply reply = _receiver.handle(std::move(recorded));
        _receiver.pause(reply.delay);
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
        response.setContentType("application/json");
        for (const auto& [name, value] : reply.headers)
            response.set(name, value);
        response.sendBuffer("{}", 2);
    }

private:
    OtlpReceiver& _receiver;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit HandlerFactory(OtlpReceiver& receiver) : _receiver(receiver) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler(_receiver);
    }

private:
    OtlpReceiver& _receiver;
};

std::string anyValueText(const Poco::JSON::Object::Ptr& value, std::string& type)
{
    for (const char* name : {"stringValue", "intValue", "doubleValue", "boolValue"})
        if (value->has(name))
        {
            type = name;
            return value->get(name).toString();
        }
    type = "none";
    return {};
}
} // namespace

OtlpReceiver::OtlpReceiver()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    _port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    params->setKeepAlive(false);
    _server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*this), socket, params);
    _server->start();
}

OtlpReceiver::~OtlpReceiver()
{
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _changed.notify_all();
    _server->stopAll(true);
}

std::string OtlpReceiver::url() const
{
    return "http://127.0.0.1:" + std::to_string(_port);
}

void OtlpReceiver::enqueue(Reply reply)
{
    std::lock_guard lock(_mutex);
    _queued.push_back(std::move(reply));
}

OtlpReceiver::Reply OtlpReceiver::handle(Request request)
{
    std::lock_guard lock(_mutex);
    _requests.push_back(std::move(request));
    _changed.notify_all();
    if (_queued.empty())
        return {};
    Reply reply = std::move(_queued.front());
    _queued.pop_front();
    return reply;
}

void OtlpReceiver::pause(std::chrono::milliseconds delay)
{
    std::unique_lock lock(_mutex);
    _changed.wait_for(lock, delay, [this] { return _stopping; });
}

std::vector<OtlpReceiver::Request> OtlpReceiver::requests() const
{
    std::lock_guard lock(_mutex);
    return _requests;
}

std::vector<OtlpReceiver::Request> OtlpReceiver::requestsTo(const std::string& path) const
{
    std::vector<Request> matching;
    for (auto& request : requests())
        if (request.path == path)
            matching.push_back(std::move(request));
    return matching;
}

Poco::JSON::Object::Ptr OtlpReceiver::parse(const std::string& body)
{
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(body);
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    CPPUNIT_ASSERT_MESSAGE("OTLP body is not a JSON object: " + body, !object.isNull());
    return object;
}

std::vector<OtlpReceiver::ReceivedSpan> OtlpReceiver::spans() const
{
    std::vector<ReceivedSpan> spans;
    for (const auto& request : requestsTo("/v1/traces"))
    {
        const auto root = parse(request.body);
        const auto resourceSpans = root->getArray("resourceSpans");
        CPPUNIT_ASSERT_MESSAGE("no resourceSpans in " + request.body, !resourceSpans.isNull());
        for (std::size_t r = 0; r < resourceSpans->size(); ++r)
        {
            const auto resource = resourceSpans->getObject(r);
            std::string serviceName;
            const auto resourceAttributes = resource->getObject("resource")->getArray("attributes");
            for (std::size_t a = 0; a < resourceAttributes->size(); ++a)
            {
                const auto attribute = resourceAttributes->getObject(a);
                std::string type;
                if (attribute->getValue<std::string>("key") == "service.name")
                    serviceName = anyValueText(attribute->getObject("value"), type);
            }
            const auto scopeSpans = resource->getArray("scopeSpans");
            for (std::size_t s = 0; s < scopeSpans->size(); ++s)
            {
                const auto scope = scopeSpans->getObject(s);
                const std::string scopeName = scope->getObject("scope")->getValue<std::string>("name");
                const auto list = scope->getArray("spans");
                for (std::size_t i = 0; i < list->size(); ++i)
                {
                    const auto json = list->getObject(i);
                    ReceivedSpan span;
                    span.serviceName = serviceName;
                    span.scopeName = scopeName;
                    span.traceId = json->getValue<std::string>("traceId");
                    span.spanId = json->getValue<std::string>("spanId");
                    span.parentSpanId = json->optValue<std::string>("parentSpanId", "");
                    span.name = json->getValue<std::string>("name");
                    span.kind = json->optValue<int>("kind", 0);
                    if (json->has("status"))
                        span.statusCode = json->getObject("status")->optValue<int>("code", 0);
                    span.startTimeUnixNano = json->getValue<std::string>("startTimeUnixNano");
                    span.endTimeUnixNano = json->getValue<std::string>("endTimeUnixNano");
                    const auto attributes = json->getArray("attributes");
                    for (std::size_t a = 0; attributes && a < attributes->size(); ++a)
                    {
                        const auto attribute = attributes->getObject(a);
                        const std::string key = attribute->getValue<std::string>("key");
                        std::string type;
                        span.attributes[key] = anyValueText(attribute->getObject("value"), type);
                        span.attributeTypes[key] = type;
                    }
                    spans.push_back(std::move(span));
                }
            }
        }
    }
    return spans;
}

bool OtlpReceiver::waitForSpan(const std::function<bool(const ReceivedSpan&)>& match, ReceivedSpan& found,
                               std::chrono::milliseconds timeout) const
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;)
    {
        for (const auto& span : spans())
            if (match(span))
            {
                found = span;
                return true;
            }
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        // A short wait: a request may have arrived between the look above and this wait.
        std::unique_lock lock(_mutex);
        _changed.wait_for(lock, std::chrono::milliseconds(50));
    }
}

bool OtlpReceiver::waitForRequests(const std::string& path, std::size_t count, std::chrono::milliseconds timeout) const
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;)
    {
        if (requestsTo(path).size() >= count)
            return true;
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::unique_lock lock(_mutex);
        _changed.wait_for(lock, std::chrono::milliseconds(50));
    }
}
} // namespace akashi::test
