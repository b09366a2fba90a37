#include "SseStream.h"

#include <Poco/String.h>

#include <algorithm>
#include <charconv>

namespace akashi::bench
{
namespace
{
constexpr std::size_t kMaxHeadBytes = 16384;

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}
} // namespace

bool SseStream::feed(const char* bytes, std::size_t size, const OnEvent& onEvent)
{
    _buffer.append(bytes, size);
    if (_state == State::head)
    {
        if (!parseHead())
            return false;
        if (_state == State::head)
            return true; // the head is not complete yet
    }
    if (_state == State::error)
        return _buffer.size() < _contentLength;
    parseEvents(onEvent);
    return true;
}

bool SseStream::parseHead()
{
    const auto end = _buffer.find("\r\n\r\n");
    if (end == std::string::npos)
        return _buffer.size() <= kMaxHeadBytes;
    const std::string_view head(_buffer.data(), end);
    // "HTTP/1.1 200 OK"
    if (head.size() < 12 || head.substr(0, 5) != "HTTP/" || head[8] != ' ')
        return false;
    const auto parsed = std::from_chars(head.data() + 9, head.data() + 12, _status);
    if (parsed.ec != std::errc() || parsed.ptr != head.data() + 12)
        return false;
    std::size_t lineStart = head.find("\r\n");
    while (lineStart != std::string_view::npos && lineStart < head.size())
    {
        lineStart += 2;
        const auto lineEnd = std::min(head.find("\r\n", lineStart), head.size());
        const auto line = head.substr(lineStart, lineEnd - lineStart);
        const auto colon = line.find(':');
        if (colon != std::string_view::npos &&
            Poco::icompare(std::string(line.substr(0, colon)), std::string("Content-Length")) == 0)
        {
            const auto value = trimmed(line.substr(colon + 1));
            std::from_chars(value.data(), value.data() + value.size(), _contentLength);
        }
        lineStart = lineEnd;
    }
    _buffer.erase(0, end + 4);
    _state = _status == 200 ? State::events : State::error;
    return true;
}

void SseStream::parseEvents(const OnEvent& onEvent)
{
    std::size_t start = 0;
    for (;;)
    {
        const auto end = _buffer.find('\n', start);
        if (end == std::string::npos)
            break;
        std::string_view line(_buffer.data() + start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        parseLine(line, onEvent);
        start = end + 1;
    }
    _buffer.erase(0, start);
}

void SseStream::parseLine(std::string_view line, const OnEvent& onEvent)
{
    if (line.empty())
    {
        // A blank line dispatches the event; one without data (e.g. the `retry:` preamble) is no event.
        if (_hasData)
        {
            Event event;
            event.id = _id;
            event.name = _eventName.empty() ? std::string_view("message") : std::string_view(_eventName);
            event.data = _data;
            onEvent(event);
        }
        _eventName.clear();
        _data.clear();
        _hasData = false;
        return;
    }
    if (line.front() == ':')
    {
        ++_comments;
        return;
    }
    const auto colon = line.find(':');
    const auto field = line.substr(0, colon);
    auto value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    if (field == "data")
    {
        if (_hasData)
            _data += '\n';
        _data.append(value);
        _hasData = true;
    }
    else if (field == "event")
        _eventName.assign(value);
    else if (field == "id")
    {
        std::int64_t id = 0;
        const auto parsed = std::from_chars(value.data(), value.data() + value.size(), id);
        _id = parsed.ec == std::errc() ? id : 0;
    }
}

std::string SseStream::failure() const
{
    const std::size_t length = _contentLength ? std::min(_buffer.size(), _contentLength) : _buffer.size();
    const std::string body = _buffer.substr(0, length);
    // The error envelope: {"error":{"code":"...","message":"..."}}; fall back to the body's start.
    std::string message = body.substr(0, 120);
    const auto key = body.find("\"message\":\"");
    if (key != std::string::npos)
    {
        const auto from = key + 11;
        const auto to = body.find('"', from);
        message = body.substr(from, to == std::string::npos ? std::string::npos : to - from);
    }
    return "HTTP " + std::to_string(_status) + (message.empty() ? "" : ": " + message);
}
} // namespace akashi::bench
