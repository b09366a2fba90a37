#include "app/ShutdownPhase.h"

#include "logging/Log.h"

namespace akashi::app
{
namespace
{
Poco::Logger& shutdownLog()
{
    return Poco::Logger::get("akashi");
}
} // namespace

ShutdownPhase::ShutdownPhase(int step, std::string phase, std::chrono::milliseconds timeout)
    : _step(step), _phase(std::move(phase)), _started(std::chrono::steady_clock::now())
{
    logging::info(shutdownLog(), "shutdown phase started",
                  {{"step", _step}, {"phase", _phase}, {"timeout_ms", static_cast<std::int64_t>(timeout.count())}});
}

ShutdownPhase::~ShutdownPhase()
{
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - _started);
    logging::info(shutdownLog(), "shutdown phase finished",
                  {{"step", _step}, {"phase", _phase}, {"elapsed_ms", static_cast<std::int64_t>(elapsed.count())}});
}
} // namespace akashi::app
