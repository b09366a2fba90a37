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
    _thread = std::thread([this] { run(); });
}

PartitionMaintainer::~PartitionMaintainer()
{
    stop();
}

void PartitionMaintainer::stop() noexcept
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

void PartitionMaintainer::run()
{
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping)
    {
        lock.unlock();
        pass();
        lock.lock();
        _wake.wait_for(lock, _settings.interval, [this] { return _stopping; });
    }
}

void PartitionMaintainer::pass()
{
    auto& logger = Poco::Logger::get("storage");
    try
    {
        auto connection = _database.connection();
        const int created = EventPartitions::ensure(*connection, _clock(), _settings.daysBehind, _settings.daysAhead);
        if (created > 0)
            logging::info(logger, "event partitions created", {{"count", created}});
    }
    catch (const Exception& e)
    {
        ++_failures;
        logging::error(logger, "event partition maintenance failed", {{"error", e.message()}, {"detail", e.detail()}});
    }
    catch (const Poco::Exception& e)
    {
        ++_failures;
        logging::error(logger, "event partition maintenance failed", {{"error", e.displayText()}});
    }
    catch (const std::exception& e)
    {
        ++_failures;
        logging::error(logger, "event partition maintenance failed", {{"error", std::string(e.what())}});
    }
    ++_passes;
}
} // namespace akashi::storage
