#pragma once
#include <Poco/JSON/Object.h>
#include <Poco/Net/NameValueCollection.h>

#include <cstdint>
#include <string>

namespace akashi::test
{
/// A reply as the test saw it on the wire.
struct HttpReply
{
    int status = 0;
    Poco::Net::NameValueCollection headers;
    std::string body;

    /// The body parsed as a JSON object (fails the test when it is not one).
    Poco::JSON::Object::Ptr json() const;
};

/// A minimal blocking HTTP/1.1 client for loopback tests.
class HttpTestClient
{
public:
    explicit HttpTestClient(std::uint16_t port, std::string host = "127.0.0.1");

    HttpReply request(const std::string& method, const std::string& path, const std::string& body = {},
                      const Poco::Net::NameValueCollection& headers = {});
    HttpReply get(const std::string& path) { return request("GET", path); }
    HttpReply post(const std::string& path, const std::string& body) { return request("POST", path, body); }

private:
    std::string _host;
    std::uint16_t _port;
};
} // namespace akashi::test
