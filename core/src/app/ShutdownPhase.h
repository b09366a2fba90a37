#pragma once
#include <chrono>
#include <string>

namespace akashi::app
{
/// One numbered step of the shutdown order (runbook §8: 1 http, 2 event_buffer, 3 outbox, 4 database,
/// 5 telemetry), logged when it starts and when it ends so an operator sees which step a slow shutdown
/// waits in: `shutdown phase started` {step, phase, timeout_ms} (timeout_ms 0 = waits as long as it
/// takes) and `shutdown phase finished` {step, phase, elapsed_ms}. Scoped: the destructor logs the end.
class ShutdownPhase
{
public:
    ShutdownPhase(int step, std::string phase, std::chrono::milliseconds timeout);
    ~ShutdownPhase();

    ShutdownPhase(const ShutdownPhase&) = delete;
    ShutdownPhase& operator=(const ShutdownPhase&) = delete;

private:
    int _step;
    std::string _phase;
    std::chrono::steady_clock::time_point _started;
};
} // namespace akashi::app
