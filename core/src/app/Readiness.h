#pragma once
#include <atomic>

namespace akashi::app
{
/// Whether this instance should receive traffic, as GET /ready reports it: `starting` until every
/// subsystem has started (migrations applied, HTTP listening), `serving` from then on, `draining` from
/// the moment shutdown begins (before HTTP stops accepting), so load balancers stop routing here while
/// in-flight requests finish. Only moves forward. Thread-safe (one atomic).
class Readiness
{
public:
    enum class State
    {
        starting,
        serving,
        draining
    };

    /// starting → serving; no effect once draining.
    void markServing() noexcept
    {
        State expected = State::starting;
        _state.compare_exchange_strong(expected, State::serving);
    }

    void beginDrain() noexcept { _state.store(State::draining); }

    State state() const noexcept { return _state.load(); }

    static const char* name(State state) noexcept
    {
        switch (state)
        {
        case State::starting: return "starting";
        case State::serving: return "serving";
        case State::draining: return "draining";
        }
        return "starting";
    }

private:
    std::atomic<State> _state{State::starting};
};
} // namespace akashi::app
