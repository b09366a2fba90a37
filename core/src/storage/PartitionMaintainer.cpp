#include "storage/PartitionMaintainer.h"

#include "common/Exception.h"
#include "logging/Log.h"
#include "storage/Database.h"
#include "storage/EventPartitions.h"

namespace akashi::storage
{
PartitionMaintainer::PartitionMaintainer(Database& database, Settings settings, Clock clock)
    : _database(database), _settings(settings), _clock(std::move(clock))
{
    if (_settings.interval <= std::chrono::milliseconds::zero())
        throw Exception(ErrorCode::configInvalid, "the event partition check interval must be greater than 0",
                        "akashi.database.partition_check_interval (AKASHI_PARTITION_CHECK_INTERVAL) is " +
                            std::to_string(_settings.interval.count()) + " ms.",
                        "Set it to a duration such as 1h.");
    if (_settings.daysAhead < 0 || _settings.daysBehind < 0)
        throw Exception(ErrorCode::configInvalid, "event partition day counts must not be negative");
    _task = std::make_unique<PeriodicTask>("event partition check interval", _settings.interval, [this] { pass(); },
                                           Poco::Logger::get("storage"), "event partition maintenance failed");
}

PartitionMaintainer::~PartitionMaintainer()
{
    stop();
}

void PartitionMaintainer::stop() noexcept
{
    _task->stop();
}

bool PartitionMaintainer::stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt) noexcept
{
    return _task->stop(timeout, interrupt);
}

void PartitionMaintainer::pass()
{
    auto connection = _database.connection();
    const int created = EventPartitions::ensure(*connection, _clock(), _settings.daysBehind, _settings.daysAhead);
    if (created > 0)
        logging::info(Poco::Logger::get("storage"), "event partitions created", {{"count", created}});
}
} // namespace akashi::storage
