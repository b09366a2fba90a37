#pragma once
#include <Poco/Net/StreamSocket.h>

#include <string>

namespace Poco::Net
{
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace akashi::stream
{
/// The two steps by which an HTTP handler gives an event stream to the SseBroker instead of writing
/// it on its worker thread: the response head as bytes (for the broker's preamble), then the socket
/// taken out of Poco's connection (which then ends without answering again).
class SseHandoff
{
public:
    /// Sets 200 and the SSE headers (text/event-stream, no-cache, keep-alive, X-Accel-Buffering: no, no
    /// length: the stream ends with the connection) on `response`, keeping the headers already there
    /// (request id, security headers), and returns the serialised head.
    static std::string responseHead(Poco::Net::HTTPServerResponse& response);

    /// The request's socket, detached. After this nothing may be written to `response`.
    static Poco::Net::StreamSocket detach(Poco::Net::HTTPServerRequest& request) noexcept;
};
} // namespace akashi::stream
