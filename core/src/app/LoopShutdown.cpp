#include "app/LoopShutdown.h"

#include "common/PeriodicTask.h"
#include "logging/Log.h"
#include "storage/Database.h"

namespace akashi::app
{
bool LoopShutdown::stop(PeriodicTask& loop, const std::string& name, std::chrono::milliseconds timeout,
                        storage::Database& database) noexcept
{
    return stop([&loop](auto bound, const auto& interrupt) { return loop.stop(bound, interrupt); }, name, timeout,
                database);
}

bool LoopShutdown::stop(const BoundedStop& boundedStop, const std::string& name, std::chrono::milliseconds timeout,
                        storage::Database& database) noexcept
{
    bool warned = false;
    return boundedStop(timeout, [&](std::thread::id thread) {
        const int cancelled = database.cancelStatementsOf(thread);
        if (warned)
            return;
        warned = true;
        logging::warn(Poco::Logger::get("akashi"), "background loop: drain timed out",
                      {{"loop", name},
                       {"timeout_ms", static_cast<std::int64_t>(timeout.count())},
                       {"cancelled_statements", cancelled},
                       {"hint", "its work is retried at the next start"}});
    });
}
} // namespace akashi::app
