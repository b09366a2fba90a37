#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace akashi::bench
{
/// The client side of one /v1/subscribe connection, without the socket: fed the bytes as they arrive,
/// it parses the HTTP response head, then either the error body (any status but 200) or the event
/// stream (`id:`, `event:`, `data:` fields, a blank line ends an event; `:` lines are comments such as
/// the server's keepalives). Only complete lines are parsed; a partial one waits for the next bytes.
class SseStream
{
public:
    enum class State
    {
        head,   ///< reading the status line and headers
        error,  ///< a non-200 answer: reading its body (Content-Length bytes)
        events, ///< 200: the event stream
    };

    struct Event
    {
        std::int64_t id = 0;   ///< the `id:` field (0 when absent or not a number)
        std::string_view name; ///< the `event:` field, "message" when absent
        std::string_view data; ///< the `data:` lines joined by '\n'
    };
    using OnEvent = std::function<void(const Event&)>;

    /// Parses `size` more bytes, calling `onEvent` for every event they complete. Returns false when the
    /// answer is unusable: a malformed head, or a non-200 answer whose body is now complete.
    bool feed(const char* bytes, std::size_t size, const OnEvent& onEvent);

    State state() const noexcept { return _state; }
    int status() const noexcept { return _status; }
    /// For a non-200 answer: "HTTP <status>: <message of the error envelope, or the body's start>".
    std::string failure() const;
    std::uint64_t comments() const noexcept { return _comments; }

private:
    bool parseHead();
    void parseEvents(const OnEvent& onEvent);
    void parseLine(std::string_view line, const OnEvent& onEvent);

    State _state = State::head;
    int _status = 0;
    std::size_t _contentLength = 0;
    std::string _buffer; ///< bytes not parsed yet (head, error body, or a partial line)
    std::string _eventName;
    std::string _data;
    bool _hasData = false;
    std::int64_t _id = 0;
    std::uint64_t _comments = 0;
};
} // namespace akashi::bench
