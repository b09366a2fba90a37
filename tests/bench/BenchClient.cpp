#include "BenchClient.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <stdexcept>

namespace akashi::bench
{
BenchClient::BenchClient(const std::string& host, std::uint16_t port, std::string authorization)
    : _session(host, port), _authorization(std::move(authorization))
{
    _session.setKeepAlive(true);
    _session.setTimeout(Poco::Timespan(60, 0));
}

BenchClient::Reply BenchClient::post(const std::string& path, const std::string& body)
{
    Reply reply;
    try
    {
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        request.set("Authorization", _authorization);
        _session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = _session.receiveResponse(response);
        Poco::StreamCopier::copyToString(in, reply.body);
        reply.status = static_cast<int>(response.getStatus());
    }
    catch (const Poco::Exception& e)
    {
        reply = Reply{0, {}, e.displayText()};
        _session.reset();
    }
    catch (const std::exception& e)
    {
        reply = Reply{0, {}, e.what()};
        _session.reset();
    }
    return reply;
}

std::string BenchClient::createRun(const std::string& agentId)
{
    Poco::JSON::Object request;
    request.set("agent_id", agentId);
    std::ostringstream body;
    request.stringify(body);
    const Reply reply = post("/v1/runs", body.str());
    if (reply.status != 201)
        throw std::runtime_error("POST /v1/runs answered " + std::to_string(reply.status) + ": " +
                                 (reply.error.empty() ? reply.body : reply.error));
    try
    {
        Poco::JSON::Parser parser;
        const auto data = parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>()->getObject("data");
        if (!data || !data->has("id"))
            throw std::runtime_error("POST /v1/runs answered without data.id: " + reply.body);
        return data->getValue<std::string>("id");
    }
    catch (const Poco::Exception& e)
    {
        throw std::runtime_error("POST /v1/runs answered unparseable JSON (" + e.displayText() + "): " + reply.body);
    }
}
} // namespace akashi::bench
