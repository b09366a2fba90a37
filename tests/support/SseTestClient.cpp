#include "support/SseTestClient.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace akashi::test
{
SseTestClient::SseTestClient(std::uint16_t port, const std::string& path, const Poco::Net::NameValueCollection& headers)
{
    _socket.connect(Poco::Net::SocketAddress("127.0.0.1", port));
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto& [name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    _socket.sendBytes(request.data(), static_cast<int>(request.size()));

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    auto statusLine = line(deadline);
    if (!statusLine || statusLine->size() < 12)
        return;
    _status = Poco::NumberParser::parse(statusLine->substr(9, 3));
    while (auto header = line(deadline))
    {
        if (header->empty())
            break;
        const auto colon = header->find(':');
        if (colon != std::string::npos)
            _headers.add(header->substr(0, colon), Poco::trim(header->substr(colon + 1)));
    }
    if (_status != 200)
    {
        const auto length = static_cast<std::size_t>(Poco::NumberParser::parse(_headers.get("Content-Length", "0")));
        while (_buffer.size() < length && fill(deadline))
        {
        }
        _body = _buffer.substr(0, length);
    }
}

bool SseTestClient::fill(std::chrono::steady_clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || _closed)
        return false;
    if (!_socket.poll(Poco::Timespan(left.count()), Poco::Net::Socket::SELECT_READ))
        return false;
    char chunk[4096];
    int got = 0;
    try
    {
        got = _socket.receiveBytes(chunk, sizeof chunk);
    }
    catch (const Poco::Exception&)
    {
        got = 0;
    }
    if (got <= 0)
    {
        _closed = true;
        return false;
    }
    _buffer.append(chunk, static_cast<std::size_t>(got));
    return true;
}

std::optional<std::string> SseTestClient::line(std::chrono::steady_clock::time_point deadline)
{
    for (;;)
    {
        const auto end = _buffer.find('\n');
        if (end != std::string::npos)
        {
            std::string text = _buffer.substr(0, end);
            _buffer.erase(0, end + 1);
            if (!text.empty() && text.back() == '\r')
                text.pop_back();
            return text;
        }
        if (!fill(deadline))
            return std::nullopt;
    }
}

std::optional<SseEvent> SseTestClient::next(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    SseEvent event;
    bool any = false;
    while (auto text = line(deadline))
    {
        if (text->empty())
        {
            if (any && !event.data.empty())
                return event;
            event = SseEvent();
            any = false;
            continue;
        }
        if ((*text)[0] == ':')
        {
            ++_comments;
            continue;
        }
        const auto colon = text->find(':');
        const std::string field = text->substr(0, colon);
        std::string value = colon == std::string::npos ? std::string() : text->substr(colon + 1);
        if (!value.empty() && value[0] == ' ')
            value.erase(0, 1);
        any = true;
        if (field == "id")
            event.id = value;
        else if (field == "event")
            event.event = value;
        else if (field == "data")
            event.data += (event.data.empty() ? "" : "\n") + value;
    }
    return std::nullopt;
}

bool SseTestClient::waitForClose(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!_closed && std::chrono::steady_clock::now() < deadline)
    {
        _buffer.clear();
        fill(deadline);
    }
    return _closed;
}
} // namespace akashi::test
