#pragma once
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace akashi::test
{
/// One Server-Sent Event as a client parses it.
struct SseEvent
{
    std::string id;
    std::string event;
    std::string data;
};

/// A raw-socket SSE client for loopback tests: sends the GET, reads the response head, then parses
/// events (and counts comment lines such as `: keepalive`) as they arrive.
class SseTestClient
{
public:
    /// Connects and reads the head; `status()` tells whether the stream opened (200) or what error
    /// came back (then `body()` holds the error JSON).
    SseTestClient(std::uint16_t port, const std::string& path, const Poco::Net::NameValueCollection& headers);

    int status() const noexcept { return _status; }
    const Poco::Net::NameValueCollection& headers() const noexcept { return _headers; }
    /// For a non-200 reply: the body read up to the Content-Length.
    const std::string& body() const noexcept { return _body; }

    /// The next event, or nullopt when none arrives within `timeout` or the server closed the stream.
    std::optional<SseEvent> next(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

    /// Comment lines (`: ...`) seen so far.
    int comments() const noexcept { return _comments; }
    /// True once the server closed the connection.
    bool closed() const noexcept { return _closed; }
    /// Waits up to `timeout` for the server to close the stream (reading and discarding events).
    bool waitForClose(std::chrono::milliseconds timeout);

    void close() { _socket.close(); }

private:
    /// Reads more bytes into the buffer; false on timeout or close.
    bool fill(std::chrono::steady_clock::time_point deadline);
    std::optional<std::string> line(std::chrono::steady_clock::time_point deadline);

    Poco::Net::StreamSocket _socket;
    std::string _buffer;
    int _status = 0;
    Poco::Net::NameValueCollection _headers;
    std::string _body;
    int _comments = 0;
    bool _closed = false;
};
} // namespace akashi::test
