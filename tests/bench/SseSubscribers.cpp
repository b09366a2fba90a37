#include "SseSubscribers.h"

#include <Poco/Net/SocketAddress.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace akashi::bench
{
namespace
{
constexpr std::size_t kChunkBytes = 65536;
constexpr int kMaxEvents = 1024;

std::string errorText(const char* call, int error)
{
    return std::string(call) + ": " + std::strerror(error);
}
} // namespace

SseSubscribers::SseSubscribers(Settings settings, OnEvent onEvent)
    : _settings(std::move(settings)), _onEvent(std::move(onEvent)), _connections(_settings.count), _chunk(kChunkBytes)
{
    const Poco::Net::SocketAddress address(_settings.host, _settings.port);
    const auto* raw = reinterpret_cast<const unsigned char*>(address.addr());
    _address.assign(raw, raw + address.length());
    _request = "GET " + _settings.path + " HTTP/1.1\r\nHost: " + _settings.host + "\r\nAccept: text/event-stream\r\n" +
               "Authorization: " + _settings.authorization + "\r\n\r\n";
    _epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (_epoll < 0)
        throw std::runtime_error(errorText("epoll_create1", errno));
}

SseSubscribers::~SseSubscribers()
{
    closeAll();
    if (_epoll >= 0)
        ::close(_epoll);
}

void SseSubscribers::connect(const std::function<void()>& tick)
{
    std::size_t next = 0;
    auto nextTick = Clock::now();
    while (next < _connections.size() || _pendingHandshakes > 0)
    {
        while (next < _connections.size() && _pendingHandshakes < _settings.inFlight)
            start(next++);
        poll(20);
        const auto now = Clock::now();
        expireHandshakes(now);
        if (now >= nextTick)
        {
            tick();
            nextTick = now + std::chrono::milliseconds(100);
        }
    }
}

void SseSubscribers::pump(const std::function<bool()>& done)
{
    while (!done())
        poll(50);
}

void SseSubscribers::closeAll()
{
    for (auto& connection : _connections)
    {
        if (connection.fd >= 0)
            ::close(connection.fd); // closing also removes it from the epoll set
        connection.fd = -1;
        connection.phase = Phase::closed;
    }
    _streaming = 0;
    _pendingHandshakes = 0;
    _handshakes.clear();
}

std::uint64_t SseSubscribers::comments() const
{
    std::uint64_t total = 0;
    for (const auto& connection : _connections)
        total += connection.stream.comments();
    return total;
}

void SseSubscribers::start(std::size_t index)
{
    auto& connection = _connections[index];
    connection.phase = Phase::connecting;
    connection.deadline = Clock::now() + _settings.handshakeTimeout;
    ++_pendingHandshakes;
    _handshakes.push_back(index);
    const auto* address = reinterpret_cast<const sockaddr*>(_address.data());
    connection.fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (connection.fd < 0)
    {
        end(index, errorText("socket", errno));
        return;
    }
    epoll_event watch{};
    watch.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
    watch.data.u64 = index;
    if (::epoll_ctl(_epoll, EPOLL_CTL_ADD, connection.fd, &watch) != 0)
    {
        end(index, errorText("epoll_ctl", errno));
        return;
    }
    if (::connect(connection.fd, address, static_cast<socklen_t>(_address.size())) != 0 && errno != EINPROGRESS)
        end(index, errorText("connect", errno));
    // Connected at once or in progress: EPOLLOUT says when the request can go.
}

void SseSubscribers::poll(int timeoutMillis)
{
    epoll_event ready[kMaxEvents];
    const int n = ::epoll_wait(_epoll, ready, kMaxEvents, timeoutMillis);
    if (n < 0 && errno != EINTR)
        throw std::runtime_error(errorText("epoll_wait", errno));
    for (int i = 0; i < n; ++i)
        handle(static_cast<std::size_t>(ready[i].data.u64), ready[i].events);
}

void SseSubscribers::handle(std::size_t index, std::uint32_t events)
{
    const auto phase = _connections[index].phase;
    if (phase == Phase::connecting)
    {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            onWritable(index);
        return;
    }
    if (phase == Phase::awaitingHead || phase == Phase::streaming)
        onReadable(index); // data, the server's close (recv 0) and errors all show in recv
}

void SseSubscribers::onWritable(std::size_t index)
{
    auto& connection = _connections[index];
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0)
    {
        end(index, errorText("connect", error));
        return;
    }
    while (connection.requestSent < _request.size())
    {
        const auto sent = ::send(connection.fd, _request.data() + connection.requestSent,
                                 _request.size() - connection.requestSent, MSG_NOSIGNAL);
        if (sent < 0)
        {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return; // EPOLLOUT again later
            if (errno == EINTR)
                continue;
            end(index, errorText("send", errno));
            return;
        }
        connection.requestSent += static_cast<std::size_t>(sent);
    }
    epoll_event watch{};
    watch.events = EPOLLIN | EPOLLRDHUP;
    watch.data.u64 = index;
    if (::epoll_ctl(_epoll, EPOLL_CTL_MOD, connection.fd, &watch) != 0)
    {
        end(index, errorText("epoll_ctl", errno));
        return;
    }
    connection.phase = Phase::awaitingHead;
}

void SseSubscribers::onReadable(std::size_t index)
{
    auto& connection = _connections[index];
    const SseStream::OnEvent deliver = [&](const SseStream::Event& event) { _onEvent(index, event, Clock::now()); };
    for (;;)
    {
        const auto got = ::recv(connection.fd, _chunk.data(), _chunk.size(), 0);
        if (got < 0)
        {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            if (errno == EINTR)
                continue;
            end(index, errorText("recv", errno));
            return;
        }
        if (got == 0)
        {
            const bool answeredError = connection.stream.state() == SseStream::State::error;
            end(index, answeredError ? connection.stream.failure()
                                     : connection.phase == Phase::streaming ? "the server closed the stream"
                                                                            : "closed before the response head");
            return;
        }
        const bool usable = connection.stream.feed(_chunk.data(), static_cast<std::size_t>(got), deliver);
        if (!usable)
        {
            end(index, connection.stream.state() == SseStream::State::error ? connection.stream.failure()
                                                                            : "malformed response head");
            return;
        }
        if (connection.phase == Phase::awaitingHead && connection.stream.state() == SseStream::State::events)
        {
            connection.phase = Phase::streaming;
            --_pendingHandshakes;
            ++_streaming;
            ++_opened;
        }
        if (static_cast<std::size_t>(got) < _chunk.size())
            return; // drained: spare the recv that would say EAGAIN
    }
}

void SseSubscribers::end(std::size_t index, const std::string& reason)
{
    auto& connection = _connections[index];
    if (connection.phase == Phase::streaming)
    {
        --_streaming;
        _disconnects.add(reason);
    }
    else if (connection.phase != Phase::closed && connection.phase != Phase::idle)
    {
        --_pendingHandshakes;
        _connectFailures.add(reason);
    }
    if (connection.fd >= 0)
        ::close(connection.fd);
    connection.fd = -1;
    connection.phase = Phase::closed;
}

void SseSubscribers::expireHandshakes(Clock::time_point now)
{
    while (!_handshakes.empty())
    {
        const auto index = _handshakes.front();
        const auto& connection = _connections[index];
        if (connection.phase == Phase::connecting || connection.phase == Phase::awaitingHead)
        {
            if (connection.deadline > now)
                return;
            end(index, "no response head within " + std::to_string(_settings.handshakeTimeout.count() / 1000) + " s");
        }
        _handshakes.pop_front();
    }
}
} // namespace akashi::bench
