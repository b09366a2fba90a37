#pragma once
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServer.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace akashi::test
{
/// A stand-in OpenTelemetry collector: a real HTTP server on 127.0.0.1 (ephemeral port) that records
/// every OTLP/HTTP JSON request and decodes its spans with Poco::JSON, as a collector would. Each request
/// is answered by the next queued reply, else 200 `{}`. Thread-safe; the destructor waits for handlers.
class OtlpReceiver
{
public:
    struct Request
    {
        std::string path;
        std::map<std::string, std::string> headers; ///< names lowercased
        std::string body;
    };

    struct Reply
    {
        int status = 200;
        std::vector<std::pair<std::string, std::string>> headers;
        std::chrono::milliseconds delay{0}; ///< before answering (a slow collector)
    };

    /// One decoded span, attribute values as text (intValue's string, doubleValue's number, ...).
    struct ReceivedSpan
    {
        std::string serviceName; ///< the resource's service.name
        std::string scopeName;
        std::string traceId;
        std::string spanId;
        std::string parentSpanId;
        std::string name;
        int kind = 0;
        int statusCode = 0;
        std::string startTimeUnixNano;
        std::string endTimeUnixNano;
        std::map<std::string, std::string> attributes;
        std::map<std::string, std::string> attributeTypes; ///< "stringValue", "intValue", ...
    };

    OtlpReceiver();
    ~OtlpReceiver();

    OtlpReceiver(const OtlpReceiver&) = delete;
    OtlpReceiver& operator=(const OtlpReceiver&) = delete;

    std::uint16_t port() const noexcept { return _port; }
    /// "http://127.0.0.1:<port>".
    std::string url() const;

    void enqueue(Reply reply);

    std::vector<Request> requests() const;
    std::vector<Request> requestsTo(const std::string& path) const;
    /// Every span of every /v1/traces request so far (fails the test on a body that is not OTLP JSON).
    std::vector<ReceivedSpan> spans() const;

    /// Waits until a span satisfies `match` and copies it into `found`; false on timeout.
    bool waitForSpan(const std::function<bool(const ReceivedSpan&)>& match, ReceivedSpan& found,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    /// Waits until `count` requests reached `path`; false on timeout.
    bool waitForRequests(const std::string& path, std::size_t count,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

    /// Called by the request handler.
    Reply handle(Request request);
    void pause(std::chrono::milliseconds delay);

    /// The body parsed as a JSON object.
    static Poco::JSON::Object::Ptr parse(const std::string& body);

private:
    mutable std::mutex _mutex;
    mutable std::condition_variable _changed;
    std::deque<Reply> _queued;
    std::vector<Request> _requests;
    bool _stopping = false;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    std::uint16_t _port = 0;
};
} // namespace akashi::test
