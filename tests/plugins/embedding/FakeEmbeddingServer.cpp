#include "FakeEmbeddingServer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
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

#include <sstream>

namespace akashi::plugins::test
{
namespace
{
class Handler final : public Poco::Net::HTTPRequestHandler
{
public:
    explicit Handler(FakeEmbeddingServer& server) : _server(server) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        _server.handlerStarted();
        try
        {
            FakeEmbeddingServer::Request recorded;
            recorded.method = request.getMethod();
            recorded.path = request.getURI();
            for (const auto& [name, value] : request)
                recorded.headers[Poco::toLower(name)] = value;
            Poco::StreamCopier::copyToString(request.stream(), recorded.body);
            const FakeEmbeddingServer::Reply reply = _server.handle(std::move(recorded));
            _server.pause(reply.delay);
            response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
            response.setContentType("application/json");
            for (const auto& [name, value] : reply.headers)
                response.set(name, value);
            response.sendBuffer(reply.body.data(), reply.body.size());
        }
        catch (const std::exception&)
        {
            // The client went away (a timeout test); nothing to answer.
        }
        _server.handlerFinished();
    }

private:
    FakeEmbeddingServer& _server;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit HandlerFactory(FakeEmbeddingServer& server) : _server(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler(_server);
    }

private:
    FakeEmbeddingServer& _server;
};

std::string json(const Poco::JSON::Object& object)
{
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Array::Ptr jsonVector(const std::vector<float>& vector)
{
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const float value : vector)
        array->add(static_cast<double>(value));
    return array;
}
} // namespace

FakeEmbeddingServer::FakeEmbeddingServer(Responder responder, std::uint16_t port)
    : _responder(std::move(responder)), _threads(2, 8)
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    _port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    _server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*this), _threads, socket, params);
    _server->start();
}

FakeEmbeddingServer::~FakeEmbeddingServer()
{
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _changed.notify_all();
    _server->stopAll(true);
    std::unique_lock lock(_mutex);
    _changed.wait(lock, [this] { return _activeHandlers == 0; });
    lock.unlock();
    _threads.joinAll();
}

std::string FakeEmbeddingServer::url() const
{
    return "http://127.0.0.1:" + std::to_string(_port);
}

void FakeEmbeddingServer::enqueue(Reply reply)
{
    std::lock_guard lock(_mutex);
    _queued.push_back(std::move(reply));
}

std::vector<FakeEmbeddingServer::Request> FakeEmbeddingServer::requests() const
{
    std::lock_guard lock(_mutex);
    return _requests;
}

std::size_t FakeEmbeddingServer::requestCount() const
{
    std::lock_guard lock(_mutex);
    return _requests.size();
}

FakeEmbeddingServer::Reply FakeEmbeddingServer::handle(Request request)
{
    std::unique_lock lock(_mutex);
    _requests.push_back(request);
    if (!_queued.empty())
    {
        Reply reply = std::move(_queued.front());
        _queued.pop_front();
        return reply;
    }
    lock.unlock();
    return _responder(request);
}

void FakeEmbeddingServer::pause(std::chrono::milliseconds delay)
{
    std::unique_lock lock(_mutex);
    _changed.wait_for(lock, delay, [this] { return _stopping; });
}

void FakeEmbeddingServer::handlerStarted()
{
    std::lock_guard lock(_mutex);
    ++_activeHandlers;
}

void FakeEmbeddingServer::handlerFinished()
{
    {
        std::lock_guard lock(_mutex);
        --_activeHandlers;
    }
    _changed.notify_all();
}

std::vector<float> FakeEmbeddingServer::vectorFor(const std::string& input, std::size_t dimensions)
{
    std::vector<float> vector(dimensions);
    for (std::size_t j = 0; j < dimensions; ++j)
        vector[j] = j == 0 ? static_cast<float>(input.size()) : static_cast<float>(j) / 1000.0f;
    return vector;
}

std::vector<std::string> FakeEmbeddingServer::inputsOf(const Request& request)
{
    std::vector<std::string> inputs;
    try
    {
        const auto body = Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
        const auto input = body->getArray("input");
        for (std::size_t i = 0; input && i < input->size(); ++i)
            inputs.push_back(input->getElement<std::string>(static_cast<unsigned>(i)));
    }
    catch (const std::exception&)
    {
        inputs.clear(); // not a JSON request body: the test's assertions on the inputs fail
    }
    return inputs;
}

FakeEmbeddingServer::Responder FakeEmbeddingServer::openAi(std::size_t dimensions)
{
    return [dimensions](const Request& request) {
        if (request.method != "POST" || request.path != "/v1/embeddings")
        {
            Poco::JSON::Object error;
            Poco::JSON::Object::Ptr detail = new Poco::JSON::Object;
            detail->set("message", "Invalid URL (" + request.method + " " + request.path + ")");
            detail->set("type", "invalid_request_error");
            error.set("error", detail);
            return Reply{404, json(error), {}, {}};
        }
        const auto inputs = inputsOf(request);
        Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
        for (std::size_t i = inputs.size(); i-- > 0;)
        {
            Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
            item->set("object", "embedding");
            item->set("index", static_cast<Poco::UInt64>(i));
            item->set("embedding", jsonVector(vectorFor(inputs[i], dimensions)));
            data->add(item);
        }
        Poco::JSON::Object response;
        response.set("object", "list");
        response.set("data", data);
        response.set("model", "text-embedding-3-small");
        return Reply{200, json(response), {}, {}};
    };
}

FakeEmbeddingServer::Responder FakeEmbeddingServer::ollama(std::size_t dimensions)
{
    return [dimensions](const Request& request) {
        if (request.method == "GET" && request.path == "/api/tags")
            return Reply{200, R"({"models":[{"name":"mxbai-embed-large:latest","model":"mxbai-embed-large:latest"}]})", {}, {}};
        if (request.method != "POST" || request.path != "/api/embed")
            return Reply{404, R"({"error":"404 page not found"})", {}, {}};
        Poco::JSON::Array::Ptr embeddings = new Poco::JSON::Array;
        for (const auto& input : inputsOf(request))
            embeddings->add(jsonVector(vectorFor(input, dimensions)));
        Poco::JSON::Object response;
        response.set("model", "mxbai-embed-large");
        response.set("embeddings", embeddings);
        return Reply{200, json(response), {}, {}};
    };
}
} // namespace akashi::plugins::test
