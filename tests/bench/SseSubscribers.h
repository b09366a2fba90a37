#pragma once
#include "ReasonTally.h"
#include "SseStream.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace akashi::bench
{
/// Many concurrent SSE streams held by the calling thread alone: non-blocking sockets and one epoll
/// set, so the figures measure the server's fan-out rather than a thread per client. Connections open
/// with at most `inFlight` handshakes outstanding, so the server's accept queue (AKASHI_HTTP_MAX_QUEUED)
/// never overflows into dropped SYNs and retransmission delays. Every connection that does not reach
/// 200, and every stream that ends early, is counted with its reason. Not thread-safe: one thread
/// calls every method.
class SseSubscribers
{
public:
    using Clock = std::chrono::steady_clock;

    struct Settings
    {
        std::string host = "127.0.0.1";
        std::uint16_t port = 0;
        std::string path = "/v1/subscribe";
        std::string authorization; ///< the Authorization header's value
        std::size_t count = 0;     ///< streams to open
        std::size_t inFlight = 100;
        std::chrono::milliseconds handshakeTimeout{30000};
    };

    /// An event of stream `stream`, with the time its bytes were read.
    using OnEvent = std::function<void(std::size_t stream, const SseStream::Event& event, Clock::time_point received)>;

    /// Throws std::runtime_error when epoll cannot be set up or the host does not resolve.
    SseSubscribers(Settings settings, OnEvent onEvent);
    ~SseSubscribers();

    SseSubscribers(const SseSubscribers&) = delete;
    SseSubscribers& operator=(const SseSubscribers&) = delete;

    /// Opens every stream and returns once each is streaming or has failed; `tick` runs about every
    /// 100 ms meanwhile. Events that arrive meanwhile are delivered to `onEvent` as usual.
    void connect(const std::function<void()>& tick);

    /// Reads the streams until `done()` is true; it is asked after every batch of socket events and at
    /// least every 50 ms.
    void pump(const std::function<bool()>& done);

    /// Closes every connection (the server sees each stream end).
    void closeAll();

    std::size_t streaming() const noexcept { return _streaming; }
    std::size_t opened() const noexcept { return _opened; }   ///< streams that reached 200
    const ReasonTally& connectFailures() const noexcept { return _connectFailures; }
    const ReasonTally& disconnects() const noexcept { return _disconnects; }   ///< streams that ended early
    std::uint64_t comments() const;  ///< comment lines (`: keepalive`) received on all streams

private:
    enum class Phase
    {
        idle,
        connecting,
        awaitingHead,
        streaming,
        closed
    };
    struct Connection
    {
        int fd = -1;
        Phase phase = Phase::idle;
        std::size_t requestSent = 0;
        Clock::time_point deadline{};
        SseStream stream;
    };

    void start(std::size_t index);
    void handle(std::size_t index, std::uint32_t events);
    void onWritable(std::size_t index);
    void onReadable(std::size_t index);
    /// Ends a connection: a handshake counts in connectFailures, a stream that was open in disconnects.
    void end(std::size_t index, const std::string& reason);
    void expireHandshakes(Clock::time_point now);
    /// One epoll_wait (at most `timeoutMillis`) and its events.
    void poll(int timeoutMillis);

    const Settings _settings;
    const OnEvent _onEvent;
    std::string _request;
    std::vector<unsigned char> _address; ///< the server's sockaddr_in / sockaddr_in6
    int _epoll = -1;
    std::vector<Connection> _connections;
    std::deque<std::size_t> _handshakes; ///< in start order, so their deadlines ascend
    std::size_t _pendingHandshakes = 0;
    std::size_t _streaming = 0;
    std::size_t _opened = 0;
    std::vector<char> _chunk;
    ReasonTally _connectFailures;
    ReasonTally _disconnects;
};
} // namespace akashi::bench
