#pragma once
#include "support/HttpTestClient.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/NameValueCollection.h>

#include <cstdint>
#include <map>
#include <string>

namespace akashi::test
{
/// A hand-rolled MCP client for protocol tests: raw POSTs to /mcp with the headers a real client sends,
/// so each test can also send the wrong ones.
class McpTestClient
{
public:
    using Headers = std::map<std::string, std::string>;

    McpTestClient(std::uint16_t port, std::string authorization) : _port(port), _authorization(std::move(authorization)) {}

    /// initialize with `version`; asserts 200 and a session id, and sends notifications/initialized.
    Poco::JSON::Object::Ptr initialize(const std::string& version = "2025-11-25");

    /// A POST with the standard headers (Authorization, Accept, session and version once initialised)
    /// plus `extra`, which may override them (an empty value removes a header).
    HttpReply post(const std::string& body, const Headers& extra = {});
    HttpReply send(const std::string& method, const std::string& body = {}, const Headers& extra = {});

    /// A request; asserts HTTP 200 and returns the JSON-RPC response object.
    Poco::JSON::Object::Ptr request(const std::string& method, const Poco::JSON::Object::Ptr& params = nullptr);
    /// tools/call; returns the CallToolResult.
    Poco::JSON::Object::Ptr callTool(const std::string& name, const std::string& argumentsJson = "{}");
    /// The JSON parsed from a successful tool result's text content (asserts isError false).
    Poco::JSON::Object::Ptr toolData(const std::string& name, const std::string& argumentsJson = "{}");
    /// The text of an isError tool result (asserts isError true).
    std::string toolError(const std::string& name, const std::string& argumentsJson = "{}");

    static std::string message(const std::string& method, const std::string& paramsJson, int id = 1);
    static Poco::JSON::Object::Ptr parse(const std::string& json);

    const std::string& sessionId() const noexcept { return _session; }
    void setSessionId(std::string id) { _session = std::move(id); }
    const std::string& version() const noexcept { return _version; }

private:
    std::uint16_t _port;
    std::string _authorization;
    std::string _session;
    std::string _version;
    int _nextId = 1;
};
} // namespace akashi::test
