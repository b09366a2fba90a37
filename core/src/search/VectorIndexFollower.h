#pragma once
#include "storage/EmbeddingFeed.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace akashi
{
class PeriodicTask;
}
namespace akashi::storage
{
class Database;
}

namespace akashi::search
{
class VectorIndex;

/// Keeps a VectorIndex in step with `decisions`: applies every embedding change after the index's
/// applied sequence (adds current vectors of its model, drops everything else), so each instance
/// converges on its own and a restart resumes where the persisted index stopped instead of rebuilding.
/// Saves the index at most every `saveInterval` when it changed, and on stop.
/// The feed is the one read that spans orgs: the index keeps one graph per org and every change
/// carries its org_id.
class VectorIndexFollower
{
public:
    VectorIndexFollower(storage::Database& database, VectorIndex& index, std::chrono::milliseconds interval,
                        std::chrono::milliseconds saveInterval);
    ~VectorIndexFollower();

    /// Polls every `interval` on its own thread.
    void start();
    /// Stops polling and saves what was applied. Idempotent.
    void stop();
    /// stop() with the wait for a catch-up in progress bounded as PeriodicTask::stop(timeout,
    /// interrupt); false when the timeout passed. The index is saved either way.
    bool stop(std::chrono::milliseconds timeout, const std::function<void(std::thread::id)>& interrupt);

    /// Applies every pending change now; returns how many. Thread-safe (one pass at a time).
    std::size_t catchUp();

    /// True once the follower has caught up with the decisions table at least once since start.
    bool caughtUp() const noexcept { return _caughtUp.load(); }

private:
    void saveIfDue(bool force);

    storage::Database& _database;
    VectorIndex& _index;
    const std::chrono::milliseconds _interval;
    const std::chrono::milliseconds _saveInterval;
    storage::EmbeddingFeed _feed;
    std::mutex _passMutex;
    bool _dirty = false;
    std::chrono::steady_clock::time_point _lastSave;
    std::atomic<bool> _caughtUp{false};
    std::unique_ptr<PeriodicTask> _task;
};
} // namespace akashi::search
