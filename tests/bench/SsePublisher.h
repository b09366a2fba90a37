#pragma once
#include "ClientTally.h"
#include "MeasurementWindow.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace akashi::bench
{
/// Publishes decisions for the SSE fan-out at a fixed rate, open loop: decision i is due at
/// start + i / rate whatever the previous answers took, sent by whichever of `connections` keep-alive
/// connections (one thread each) is free. Each decision's outcome carries its number
/// (`outcomeFor(i)`), so a subscriber knows which decision an event is, and the time just before its
/// request was sent is recorded for the latency. Publishing runs from construction until the window closes.
class SsePublisher
{
public:
    struct Settings
    {
        std::string host;
        std::uint16_t port = 0;
        std::string authorization;
        std::string agentId;
        double rate = 20;
        std::size_t connections = 1;
    };

    SsePublisher(Settings settings, const MeasurementWindow& window);
    /// Joins the threads (waits for the window to close).
    ~SsePublisher();

    SsePublisher(const SsePublisher&) = delete;
    SsePublisher& operator=(const SsePublisher&) = delete;

    /// Waits until every thread has finished (the window closed and the last answers arrived).
    void join();
    bool finished() const noexcept { return _running.load() == 0; }

    /// The number in decision `outcome` text, or -1 when `data` (an event's JSON) is no decision of ours.
    static std::int64_t decisionIn(std::string_view data);
    static std::string outcomeFor(std::size_t decision);

    /// Steady-clock nanoseconds just before decision `i`'s request was sent; 0 when it was not sent.
    /// Safe to call from any thread while publishing.
    std::int64_t sentAt(std::size_t i) const noexcept
    {
        return i < _capacity ? _sentAt[i].load(std::memory_order_acquire) : 0;
    }
    /// After join(): whether decision `i` was answered 201.
    bool recorded(std::size_t i) const noexcept { return i < _capacity && _recorded[i].load() != 0; }
    std::size_t attempted() const noexcept { return std::min(_next.load(), _capacity); }
    /// After join(): every thread's tally (a POST /v1/trace each: latency of the 201s, failures).
    ClientTally tally() const;

private:
    void drive(std::size_t connection);
    std::string body(std::size_t decision) const;

    const Settings _settings;
    const MeasurementWindow& _window;
    const MeasurementWindow::Clock::time_point _first; ///< decision 0 is due now; decision i, i / rate later
    const std::size_t _capacity;
    std::unique_ptr<std::atomic<std::int64_t>[]> _sentAt;
    std::unique_ptr<std::atomic<std::uint8_t>[]> _recorded;
    std::atomic<std::size_t> _next{0};
    std::atomic<std::size_t> _running{0};
    std::vector<ClientTally> _tallies;
    std::vector<std::thread> _threads;
};
} // namespace akashi::bench
