#include "search/VectorIndexFollower.h"

#include "common/Exception.h"
#include "common/PeriodicTask.h"
#include "logging/Log.h"
#include "search/VectorIndex.h"
#include "storage/Database.h"

#include <Poco/Logger.h>

namespace akashi::search
{
namespace
{
Poco::Logger& indexLog()
{
    return Poco::Logger::get("search.index");
}

constexpr int kPageSize = 1000;
constexpr std::size_t kProgressEvery = 10000;
} // namespace

VectorIndexFollower::VectorIndexFollower(storage::Database& database, VectorIndex& index,
                                         std::chrono::milliseconds interval, std::chrono::milliseconds saveInterval)
    : _database(database), _index(index), _interval(interval), _saveInterval(saveInterval),
      _lastSave(std::chrono::steady_clock::now())
{
}

VectorIndexFollower::~VectorIndexFollower()
{
    stop();
}

void VectorIndexFollower::start()
{
    _task = std::make_unique<PeriodicTask>("vector index follow interval", _interval, [this] { catchUp(); }, indexLog(),
                                           "vector index: catch-up failed");
}

void VectorIndexFollower::stop()
{
    if (!_task)
        return;
    _task->stop();
    _task.reset();
    // No final catch-up: the saved applied sequence makes the next start resume, and applying a large
    // backlog here would only slow the shutdown.
    std::lock_guard pass(_passMutex);
    saveIfDue(true);
}

bool VectorIndexFollower::stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt)
{
    const bool inTime = !_task || _task->stop(timeout, interrupt);
    stop();
    return inTime;
}

std::size_t VectorIndexFollower::catchUp()
{
    std::lock_guard pass(_passMutex);
    const std::string& model = _index.model();
    const int dimensions = static_cast<int>(_index.dimensions());
    std::size_t applied = 0;
    auto connection = _database.connection();
    while (true)
    {
        const auto changes = _feed.after(*connection, _index.appliedSequence(), model, dimensions, kPageSize);
        for (const auto& change : changes)
        {
            try
            {
                if (change.live)
                    _index.upsert(change.orgId, change.decisionId, change.vector);
                else
                    _index.remove(change.orgId, change.decisionId);
            }
            catch (const Exception& e)
            {
                // A vector the index refuses (wrong length, not finite) must not stop the feed for everyone
                // after it: that decision is left out of semantic search, and the log says so.
                _index.remove(change.orgId, change.decisionId);
                logging::warn(indexLog(), "vector index: change skipped",
                              {{"decision_id", change.decisionId}, {"sequence", change.sequence}, {"error", e.message()}});
            }
            if (++applied % kProgressEvery == 0)
                logging::info(indexLog(), "vector index: catching up",
                              {{"applied", static_cast<std::int64_t>(applied)}, {"sequence", change.sequence}});
        }
        if (!changes.empty())
            _index.setAppliedSequence(changes.back().sequence);
        if (changes.size() < static_cast<std::size_t>(kPageSize))
            break;
    }
    if (applied > 0)
        _dirty = true;
    if (!_caughtUp.exchange(true) || applied >= kProgressEvery)
        logging::info(indexLog(), "vector index: caught up",
                      {{"vectors", static_cast<std::int64_t>(_index.size())}, {"sequence", _index.appliedSequence()}});
    saveIfDue(false);
    return applied;
}

void VectorIndexFollower::saveIfDue(bool force)
{
    if (!_dirty)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - _lastSave < _saveInterval)
        return;
    try
    {
        _index.save();
        _dirty = false;
        _lastSave = now;
    }
    catch (const std::exception& e)
    {
        // The index is rebuilt from PostgreSQL if the files are lost; a failed save costs a slower start.
        logging::warn(indexLog(), "vector index: save failed", {{"error", e.what()}});
    }
}
} // namespace akashi::search
