#include "support/HttpTestClient.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cppunit/TestAssert.h>

namespace akashi::test
{
Poco::JSON::Object::Ptr HttpReply::json() const
{
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(body);
    CPPUNIT_ASSERT_MESSAGE("response body is not a JSON object: " + body,
                           parsed.type() == typeid(Poco::JSON::Object::Ptr));
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

HttpTestClient::HttpTestClient(std::uint16_t port, std::string host) : _host(std::move(host)), _port(port)
{
}

HttpReply HttpTestClient::request(const std::string& method, const std::string& path, const std::string& body,
                                  const Poco::Net::NameValueCollection& headers)
{
    Poco::Net::HTTPClientSession session(_host, _port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
        request.set(name, value);
    if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT")
    {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;

    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response)
        reply.headers.add(name, value);
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}
} // namespace akashi::test
