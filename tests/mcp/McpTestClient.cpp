#include "mcp/McpTestClient.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cppunit/TestAssert.h>

#include <sstream>

namespace akashi::test
{
Poco::JSON::Object::Ptr McpTestClient::parse(const std::string& json)
{
    const auto parsed = Poco::JSON::Parser().parse(json);
    CPPUNIT_ASSERT_MESSAGE("not a JSON object: " + json, parsed.type() == typeid(Poco::JSON::Object::Ptr));
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::string McpTestClient::message(const std::string& method, const std::string& paramsJson, int id)
{
    return "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(id) + ",\"method\":\"" + method + "\",\"params\":" +
           paramsJson + "}";
}

HttpReply McpTestClient::send(const std::string& method, const std::string& body, const Headers& extra)
{
    Poco::Net::NameValueCollection headers;
    if (!_authorization.empty())
        headers.set("Authorization", _authorization);
    headers.set("Accept", "application/json, text/event-stream");
    if (!_session.empty())
        headers.set("Mcp-Session-Id", _session);
    if (!_version.empty())
        headers.set("MCP-Protocol-Version", _version);
    for (const auto& [name, value] : extra)
    {
        if (value.empty())
            headers.erase(name);
        else
            headers.set(name, value);
    }
    return HttpTestClient(_port).request(method, "/mcp", body, headers);
}

HttpReply McpTestClient::post(const std::string& body, const Headers& extra)
{
    return send("POST", body, extra);
}

Poco::JSON::Object::Ptr McpTestClient::initialize(const std::string& version)
{
    _session.clear();
    _version.clear();
    const auto reply = post(message("initialize", "{\"protocolVersion\":\"" + version +
                                                      "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cppunit\",\"version\":\"1\"}}"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
    CPPUNIT_ASSERT_MESSAGE("no Mcp-Session-Id header", reply.headers.has("Mcp-Session-Id"));
    _session = reply.headers.get("Mcp-Session-Id");
    const auto response = parse(reply.body);
    _version = response->getObject("result")->getValue<std::string>("protocolVersion");
    const auto initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(initialized.body, 202, initialized.status);
    CPPUNIT_ASSERT(initialized.body.empty());
    return response;
}

Poco::JSON::Object::Ptr McpTestClient::request(const std::string& method, const Poco::JSON::Object::Ptr& params)
{
    std::ostringstream text;
    if (params)
        Poco::JSON::Stringifier::condense(params, text);
    else
        text << "{}";
    const auto reply = post(message(method, text.str(), ++_nextId));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
    auto response = parse(reply.body);
    CPPUNIT_ASSERT_EQUAL(_nextId, response->getValue<int>("id"));
    return response;
}

Poco::JSON::Object::Ptr McpTestClient::callTool(const std::string& name, const std::string& argumentsJson)
{
    auto params = parse("{\"name\":\"" + name + "\",\"arguments\":" + argumentsJson + "}");
    const auto response = request("tools/call", params);
    std::ostringstream out;
    response->stringify(out);
    CPPUNIT_ASSERT_MESSAGE(out.str(), response->has("result"));
    return response->getObject("result");
}

Poco::JSON::Object::Ptr McpTestClient::toolData(const std::string& name, const std::string& argumentsJson)
{
    const auto result = callTool(name, argumentsJson);
    const auto text = result->getArray("content")->getObject(0)->getValue<std::string>("text");
    CPPUNIT_ASSERT_MESSAGE(name + ": " + text, !result->getValue<bool>("isError"));
    return parse(text);
}

std::string McpTestClient::toolError(const std::string& name, const std::string& argumentsJson)
{
    const auto result = callTool(name, argumentsJson);
    const auto text = result->getArray("content")->getObject(0)->getValue<std::string>("text");
    CPPUNIT_ASSERT_MESSAGE(name + " succeeded: " + text, result->getValue<bool>("isError"));
    return text;
}
} // namespace akashi::test
