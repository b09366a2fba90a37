#include "stream/SseBroker.h"

#include "common/Exception.h"
#include "logging/Log.h"
#include "telemetry/MetricsRegistry.h"

#include <Poco/Logger.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace akashi::stream
{
namespace
{
Poco::Logger& brokerLog()
{
    return Poco::Logger::get("stream.broker");
}

telemetry::Counter& droppedCounter()
{
    static auto& counter = telemetry::MetricsRegistry::global().counter(
        "akashi.broker.dropped_events", "SSE events not delivered because a subscriber fell too far behind "
                                        "(it is disconnected and replays them on reconnect)", "{event}");
    return counter;
}

telemetry::Gauge& subscribersGauge()
{
    static auto& gauge = telemetry::MetricsRegistry::global().gauge(
        "akashi.broker.subscribers", "SSE connections held by the broker", "{connection}");
    return gauge;
}

telemetry::Gauge& backlogGauge()
{
    static auto& gauge = telemetry::MetricsRegistry::global().gauge(
        "akashi.broker.backlog", "Commands (mostly events) the SSE broker took in its last wake-up", "{command}");
    return gauge;
}

const auto kKeepalive = std::make_shared<const std::string>(": keepalive\n\n");
/// Frames per sendmsg (well under IOV_MAX).
constexpr std::size_t kMaxFramesPerWrite = 64;
} // namespace

struct SseBroker::Subscriber
{
    std::uint64_t id = 0;
    Subscription subscription;
    Poco::Net::StreamSocket socket; ///< owns the descriptor once attached
    int fd = -1;                    ///< -1 while pending (collecting events before attach)
    std::deque<Frame> queue;
    std::size_t offset = 0;         ///< bytes of queue.front() already sent
    std::size_t queuedEvents = 0;   ///< events (not keepalives) in the queue
    std::int64_t lastSeq = 0;       ///< newest event queued: replays and catch-ups never go backwards
    bool overflowed = false;        ///< close once the preamble is out (fell behind while pending, or a cut replay)
    bool writing = false;           ///< EPOLLOUT armed
    bool dirty = false;             ///< queued since the last flush; flushed once per wake-up
};

struct SseBroker::Command
{
    enum class Kind
    {
        open,
        attach,
        cancel,
        publish
    } kind = Kind::publish;
    std::uint64_t id = 0;
    Subscription subscription;
    Poco::Net::StreamSocket socket;
    std::string preamble;
    std::int64_t replayedThrough = 0;
    bool closeAfterPreamble = false;
    std::shared_ptr<const StreamEvent> event;
};

SseBroker::SseBroker(Settings settings) : _settings(settings) {}

SseBroker::~SseBroker()
{
    stop();
}

void SseBroker::start()
{
    _epoll = ::epoll_create1(EPOLL_CLOEXEC);
    _wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (_epoll < 0 || _wake < 0)
        throw Exception(ErrorCode::internal, std::string("sse broker: cannot set up epoll: ") + std::strerror(errno));
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.u64 = 0; // subscriber ids start at 1
    ::epoll_ctl(_epoll, EPOLL_CTL_ADD, _wake, &wake);
    _running = true;
    _thread = std::thread([this] { run(); });
}

void SseBroker::stop()
{
    {
        std::lock_guard lock(_mutex);
        if (_stopping && !_thread.joinable())
            return;
        _stopping = true;
    }
    if (_wake >= 0)
    {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto written = ::write(_wake, &one, sizeof one);
    }
    if (_thread.joinable())
        _thread.join();
    _running = false;
    if (_epoll >= 0)
        ::close(_epoll);
    if (_wake >= 0)
        ::close(_wake);
    _epoll = _wake = -1;
}

std::uint64_t SseBroker::open(Subscription subscription)
{
    if (!_running || _subscriberCount.load() >= _settings.maxSubscribers)
        return 0;
    Command command;
    command.kind = Command::Kind::open;
    command.id = _nextId++;
    command.subscription = std::move(subscription);
    const auto id = command.id;
    ++_subscriberCount; // counted now so concurrent opens cannot overshoot the cap
    post(std::move(command));
    return id;
}

void SseBroker::attach(std::uint64_t id, Poco::Net::StreamSocket socket, std::string preamble,
                       std::int64_t replayedThrough, bool closeAfterPreamble)
{
    Command command;
    command.kind = Command::Kind::attach;
    command.id = id;
    command.socket = std::move(socket);
    command.preamble = std::move(preamble);
    command.replayedThrough = replayedThrough;
    command.closeAfterPreamble = closeAfterPreamble;
    post(std::move(command));
}

void SseBroker::cancel(std::uint64_t id)
{
    Command command;
    command.kind = Command::Kind::cancel;
    command.id = id;
    post(std::move(command));
}

void SseBroker::publish(std::shared_ptr<const StreamEvent> event)
{
    if (!event)
        return;
    Command command;
    command.kind = Command::Kind::publish;
    command.event = std::move(event);
    post(std::move(command));
}

void SseBroker::post(Command command)
{
    {
        std::lock_guard lock(_mutex);
        if (_stopping)
        {
            // Nothing will serve it: an attached socket just closes (the client reconnects elsewhere).
            if (command.kind == Command::Kind::open)
                --_subscriberCount;
            return;
        }
        _commands.push_back(std::move(command));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(_wake, &one, sizeof one);
}

void SseBroker::run()
{
    auto nextKeepalive = std::chrono::steady_clock::now() + _settings.keepaliveInterval;
    std::vector<epoll_event> ready(256);
    for (;;)
    {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(nextKeepalive -
                                                                                std::chrono::steady_clock::now());
        const int n = ::epoll_wait(_epoll, ready.data(), static_cast<int>(ready.size()),
                                   static_cast<int>(std::max<std::int64_t>(0, wait.count())));
        for (int i = 0; i < n; ++i)
        {
            const auto id = ready[static_cast<std::size_t>(i)].data.u64;
            if (id == 0)
                continue; // the wake eventfd: commands are taken below
            auto it = _subscribers.find(id);
            if (it == _subscribers.end())
                continue;
            const auto events = ready[static_cast<std::size_t>(i)].events;
            if (events & (EPOLLERR | EPOLLHUP))
            {
                drop(id);
                continue;
            }
            if (events & (EPOLLIN | EPOLLRDHUP))
            {
                onReadable(*it->second);
                if (_subscribers.find(id) == _subscribers.end())
                    continue;
            }
            if (events & EPOLLOUT)
                flush(*it->second);
        }

        std::uint64_t count = 0;
        [[maybe_unused]] auto read = ::read(_wake, &count, sizeof count);
        std::vector<Command> commands;
        bool stopping = false;
        {
            std::lock_guard lock(_mutex);
            commands.swap(_commands);
            stopping = _stopping;
        }
        backlogGauge().set(static_cast<double>(commands.size()));
        for (auto& command : commands)
            apply(command);
        if (stopping)
            break;
        if (std::chrono::steady_clock::now() >= nextKeepalive)
        {
            keepalive();
            nextKeepalive = std::chrono::steady_clock::now() + _settings.keepaliveInterval;
        }
        flushDirty();
    }
    // Shutdown: every stream ends with a clean close, so clients reconnect (with Last-Event-ID) elsewhere.
    std::vector<std::uint64_t> ids;
    for (const auto& [id, subscriber] : _subscribers)
        ids.push_back(id);
    for (auto id : ids)
        drop(id);
}

void SseBroker::apply(Command& command)
{
    switch (command.kind)
    {
    case Command::Kind::open:
    {
        auto subscriber = std::make_unique<Subscriber>();
        subscriber->id = command.id;
        subscriber->subscription = std::move(command.subscription);
        _byOrg[subscriber->subscription.orgId].insert(command.id);
        _subscribers.emplace(command.id, std::move(subscriber));
        subscribersGauge().set(static_cast<double>(_subscribers.size()));
        return;
    }
    case Command::Kind::cancel:
        drop(command.id);
        return;
    case Command::Kind::publish:
        deliver(*command.event);
        return;
    case Command::Kind::attach:
        break;
    }
    auto it = _subscribers.find(command.id);
    if (it == _subscribers.end())
        return; // cancelled meanwhile; the socket closes with the command
    auto& subscriber = *it->second;
    // Events the replay already carried go; the rest stay queued behind the preamble.
    std::deque<Frame> kept;
    for (auto& frame : subscriber.queue)
        if (frame.seq == 0 || frame.seq > command.replayedThrough)
            kept.push_back(std::move(frame));
    subscriber.queue.swap(kept);
    if (command.closeAfterPreamble)
    {
        subscriber.queue.clear();
        subscriber.overflowed = true;
    }
    subscriber.queuedEvents = 0;
    for (const auto& frame : subscriber.queue)
        subscriber.queuedEvents += frame.seq > 0 ? 1 : 0;
    subscriber.socket = std::move(command.socket);
    subscriber.fd = subscriber.socket.impl()->sockfd();
    subscriber.socket.setBlocking(false);
    subscriber.lastSeq = std::max(subscriber.lastSeq, command.replayedThrough);
    epoll_event watch{};
    watch.events = EPOLLIN | EPOLLRDHUP;
    watch.data.u64 = subscriber.id;
    if (::epoll_ctl(_epoll, EPOLL_CTL_ADD, subscriber.fd, &watch) != 0)
    {
        logging::warn(brokerLog(), "sse broker: cannot watch connection", {{"error", std::strerror(errno)}});
        drop(subscriber.id);
        return;
    }
    subscriber.queue.push_front({std::make_shared<const std::string>(std::move(command.preamble)), 0});
    flush(subscriber);
}

void SseBroker::deliver(const StreamEvent& event)
{
    auto org = _byOrg.find(event.orgId);
    if (org == _byOrg.end())
        return;
    // Copied: enqueue may drop a subscriber, which edits the set.
    const std::vector<std::uint64_t> ids(org->second.begin(), org->second.end());
    for (auto id : ids)
    {
        auto it = _subscribers.find(id);
        if (it == _subscribers.end())
            continue;
        auto& subscriber = *it->second;
        if (event.seq <= subscriber.lastSeq)
            continue; // already queued (catch-up after a reconnect repeats what arrived live)
        if (subscriber.subscription.accepts && !subscriber.subscription.accepts(event))
            continue;
        auto frame = subscriber.subscription.format ? subscriber.subscription.format(event) : event.frame;
        subscriber.lastSeq = event.seq;
        if (frame)
            enqueue(subscriber, {std::move(frame), event.seq});
    }
}

void SseBroker::keepalive()
{
    std::vector<std::uint64_t> ids;
    for (const auto& [id, subscriber] : _subscribers)
        if (subscriber->fd >= 0)
            ids.push_back(id);
    for (auto id : ids)
    {
        auto it = _subscribers.find(id);
        if (it != _subscribers.end())
            enqueue(*it->second, {kKeepalive, 0});
    }
}

void SseBroker::enqueue(Subscriber& subscriber, Frame frame)
{
    const bool isEvent = frame.seq > 0;
    if (subscriber.overflowed)
    {
        if (isEvent)
        {
            ++_dropped;
            droppedCounter().add();
        }
        return;
    }
    // Keepalives count too: a client that reads nothing for queueLimit keepalive periods is gone.
    if (subscriber.queue.size() >= _settings.queueLimit)
    {
        const auto lost = subscriber.queuedEvents + (isEvent ? 1 : 0);
        _dropped += lost;
        droppedCounter().add(lost);
        logging::warn(brokerLog(), "sse broker: slow subscriber dropped",
                      {{"org_id", subscriber.subscription.orgId},
                       {"queued", static_cast<std::int64_t>(subscriber.queue.size())},
                       {"hint", "the client reconnects with Last-Event-ID and replays what it missed"}});
        if (subscriber.fd < 0)
        {
            // Still pending: it is closed right after its preamble, and replays on reconnect.
            subscriber.overflowed = true;
            subscriber.queue.clear();
            subscriber.queuedEvents = 0;
            return;
        }
        // Reset rather than close: the unsent backlog is worthless to a client that replays on reconnect.
        drop(subscriber.id, true);
        return;
    }
    subscriber.queue.push_back(std::move(frame));
    if (isEvent)
        ++subscriber.queuedEvents;
    if (subscriber.fd >= 0 && !subscriber.writing && !subscriber.dirty)
    {
        subscriber.dirty = true;
        _dirty.push_back(subscriber.id);
    }
}

void SseBroker::flushDirty()
{
    // Everything queued by this wake-up's commands goes out in one write per subscriber: under load more
    // events arrive per wake-up, so the cost per event falls as the rate rises.
    std::vector<std::uint64_t> dirty;
    dirty.swap(_dirty);
    for (auto id : dirty)
    {
        auto it = _subscribers.find(id);
        if (it == _subscribers.end())
            continue;
        it->second->dirty = false;
        flush(*it->second);
    }
}

void SseBroker::flush(Subscriber& subscriber)
{
    while (!subscriber.queue.empty())
    {
        iovec parts[kMaxFramesPerWrite];
        std::size_t count = 0;
        for (auto it = subscriber.queue.begin(); it != subscriber.queue.end() && count < kMaxFramesPerWrite; ++it, ++count)
        {
            const std::size_t skip = count == 0 ? subscriber.offset : 0;
            parts[count].iov_base = const_cast<char*>(it->text->data() + skip);
            parts[count].iov_len = it->text->size() - skip;
        }
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = count;
        const auto sent = ::sendmsg(subscriber.fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0)
        {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
            {
                watchWrites(subscriber, true);
                return;
            }
            if (errno == EINTR)
                continue;
            drop(subscriber.id);
            return;
        }
        // Pop what went out completely (empty frames too); remember how far into the next one it got.
        auto left = static_cast<std::size_t>(sent);
        while (!subscriber.queue.empty())
        {
            const std::size_t rest = subscriber.queue.front().text->size() - subscriber.offset;
            if (left < rest)
            {
                subscriber.offset += left;
                break;
            }
            left -= rest;
            if (subscriber.queue.front().seq > 0)
                --subscriber.queuedEvents;
            subscriber.queue.pop_front();
            subscriber.offset = 0;
        }
    }
    watchWrites(subscriber, false);
    if (subscriber.overflowed)
        drop(subscriber.id);
}

void SseBroker::onReadable(Subscriber& subscriber)
{
    // SSE clients send nothing after the request; whatever arrives is discarded. 0 = the client closed.
    char buffer[512];
    for (;;)
    {
        const auto got = ::recv(subscriber.fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got > 0)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (got < 0 && errno == EINTR)
            continue;
        drop(subscriber.id);
        return;
    }
}

void SseBroker::watchWrites(Subscriber& subscriber, bool enable)
{
    if (subscriber.writing == enable || subscriber.fd < 0)
        return;
    epoll_event watch{};
    watch.events = EPOLLIN | EPOLLRDHUP | (enable ? EPOLLOUT : 0u);
    watch.data.u64 = subscriber.id;
    ::epoll_ctl(_epoll, EPOLL_CTL_MOD, subscriber.fd, &watch);
    subscriber.writing = enable;
}

void SseBroker::drop(std::uint64_t id, bool reset)
{
    auto it = _subscribers.find(id);
    if (it == _subscribers.end())
        return;
    auto& subscriber = *it->second;
    if (subscriber.fd >= 0)
    {
        ::epoll_ctl(_epoll, EPOLL_CTL_DEL, subscriber.fd, nullptr);
        if (reset)
        {
            const linger abortive{1, 0};
            ::setsockopt(subscriber.fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        }
        else
            ::shutdown(subscriber.fd, SHUT_WR); // graceful: what is queued goes out, then FIN
    }
    auto org = _byOrg.find(subscriber.subscription.orgId);
    if (org != _byOrg.end())
    {
        org->second.erase(id);
        if (org->second.empty())
            _byOrg.erase(org);
    }
    _subscribers.erase(it); // the StreamSocket closes the descriptor
    --_subscriberCount;
    subscribersGauge().set(static_cast<double>(_subscribers.size()));
}
} // namespace akashi::stream
