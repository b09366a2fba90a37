#include "ListenerWakeup.h"

#include <cerrno>
#include <cstdint>
#include <poll.h>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>

namespace akashi::plugins::notify::postgres
{
ListenerWakeup::ListenerWakeup() : _fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{
    if (_fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot create the listener's eventfd");
}

ListenerWakeup::~ListenerWakeup()
{
    ::close(_fd);
}

void ListenerWakeup::notify() noexcept
{
    const std::uint64_t one = 1;
    // Only fails when the counter would overflow, i.e. it is readable already: nothing is lost.
    [[maybe_unused]] const auto written = ::write(_fd, &one, sizeof one);
}

void ListenerWakeup::stop() noexcept
{
    _stopping = true;
    notify();
}

void ListenerWakeup::drain() noexcept
{
    std::uint64_t value = 0;
    // Non-blocking: EAGAIN when nothing was pending.
    [[maybe_unused]] const auto read = ::read(_fd, &value, sizeof value);
}

bool ListenerWakeup::sleepFor(std::chrono::milliseconds duration) noexcept
{
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (!stopping())
    {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return true;
        pollfd wake{_fd, POLLIN, 0};
        if (::poll(&wake, 1, static_cast<int>(left.count())) > 0)
            drain();
    }
    return false;
}
} // namespace akashi::plugins::notify::postgres
