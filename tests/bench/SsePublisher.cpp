#include "SsePublisher.h"

#include "BenchClient.h"

#include <Poco/JSON/Object.h>

#include <charconv>
#include <cmath>
#include <sstream>

namespace akashi::bench
{
namespace
{
constexpr std::string_view kOutcomePrefix = "akashi-bench sse decision #";
constexpr std::string_view kOutcomeKey = "\"outcome\":\"akashi-bench sse decision #";

std::int64_t nanos(MeasurementWindow::Clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}
} // namespace

SsePublisher::SsePublisher(Settings settings, const MeasurementWindow& window)
    : _settings(std::move(settings)), _window(window), _first(MeasurementWindow::Clock::now()),
      _capacity(static_cast<std::size_t>(std::ceil(_settings.rate * std::chrono::duration<double>(
                                                                        window.closes - MeasurementWindow::Clock::now())
                                                                        .count())) +
                16),
      _sentAt(new std::atomic<std::int64_t>[_capacity]), _recorded(new std::atomic<std::uint8_t>[_capacity]),
      _tallies(_settings.connections)
{
    for (std::size_t i = 0; i < _capacity; ++i)
    {
        _sentAt[i].store(0);
        _recorded[i].store(0);
    }
    _running = _settings.connections;
    for (std::size_t c = 0; c < _settings.connections; ++c)
        _threads.emplace_back([this, c] {
            try
            {
                drive(c);
            }
            catch (const std::exception& e)
            {
                _tallies[c].failed(std::string("publisher thread: ") + e.what());
            }
            --_running;
        });
}

SsePublisher::~SsePublisher()
{
    join();
}

void SsePublisher::join()
{
    for (auto& thread : _threads)
        if (thread.joinable())
            thread.join();
}

std::string SsePublisher::outcomeFor(std::size_t decision)
{
    return std::string(kOutcomePrefix) + std::to_string(decision);
}

std::int64_t SsePublisher::decisionIn(std::string_view data)
{
    const auto key = data.find(kOutcomeKey);
    if (key == std::string_view::npos)
        return -1;
    const char* from = data.data() + key + kOutcomeKey.size();
    const char* end = data.data() + data.size();
    std::int64_t decision = -1;
    const auto parsed = std::from_chars(from, end, decision);
    if (parsed.ec != std::errc() || parsed.ptr == end || *parsed.ptr != '"')
        return -1;
    return decision;
}

std::string SsePublisher::body(std::size_t decision) const
{
    Poco::JSON::Object::Ptr content = new Poco::JSON::Object;
    content->set("decision_type", std::string("bench_sse"));
    content->set("outcome", outcomeFor(decision));
    content->set("confidence", 0.7);
    Poco::JSON::Object request;
    request.set("agent_id", _settings.agentId);
    request.set("decision", content);
    std::ostringstream out;
    request.stringify(out);
    return out.str();
}

void SsePublisher::drive(std::size_t connection)
{
    auto& tally = _tallies[connection];
    BenchClient http(_settings.host, _settings.port, _settings.authorization);
    for (;;)
    {
        const auto decision = _next.fetch_add(1);
        const auto due = _first + std::chrono::duration_cast<MeasurementWindow::Clock::duration>(
                                      std::chrono::duration<double>(static_cast<double>(decision) / _settings.rate));
        if (due >= _window.closes || decision >= _capacity)
            return;
        std::this_thread::sleep_until(due);
        const auto sent = MeasurementWindow::Clock::now();
        _sentAt[decision].store(nanos(sent), std::memory_order_release);
        const auto reply = http.post("/v1/trace", body(decision));
        const auto answered = MeasurementWindow::Clock::now();
        if (reply.status == 201)
            _recorded[decision].store(1);
        if (!_window.contains(sent))
            continue;
        if (reply.status == 201)
            tally.succeeded(0, MeasurementWindow::micros(sent, answered));
        else if (reply.status == 0)
            tally.failed("POST /v1/trace: " + reply.error);
        else
            tally.failed("POST /v1/trace answered " + std::to_string(reply.status) + ": " + reply.body.substr(0, 300));
    }
}

ClientTally SsePublisher::tally() const
{
    ClientTally total;
    for (const auto& tally : _tallies)
    {
        total.operations += tally.operations;
        total.errors += tally.errors;
        if (total.firstError.empty())
            total.firstError = tally.firstError;
        total.latency.merge(tally.latency);
    }
    return total;
}
} // namespace akashi::bench
