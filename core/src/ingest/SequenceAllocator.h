#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace akashi::storage
{
class Database;
}

namespace akashi::ingest
{
/// Hands out `sequence_num` values reserved in blocks from `event_sequence_num_seq` (gaps are fine,
/// order is what matters). Every reservation and every hand-out happens under one mutex and blocks are
/// appended in the order they were reserved, so the values handed out only ever increase: called in
/// arrival order, it numbers each run's events in arrival order. `topUp` is meant for the flusher
/// between batches, so `take` rarely has to wait for the database. Thread-safe.
class SequenceAllocator
{
public:
    /// `blockSize` values are reserved at a time; `topUp` refills below `lowWater`.
    SequenceAllocator(storage::Database& database, std::size_t blockSize, std::size_t lowWater);

    /// `count` increasing values; reserves more first when too few are left. Throws what the database
    /// throws (akashi::Exception(databaseUnavailable) when it is down); no value is lost on failure.
    std::vector<std::int64_t> take(std::size_t count);

    /// Reserves one block when fewer than the low-water mark are left. Throws as `take`.
    void topUp();

    std::size_t available() const;

private:
    /// Called with `_mutex` held.
    void reserve(std::size_t count);

    storage::Database& _database;
    const std::size_t _blockSize;
    const std::size_t _lowWater;
    mutable std::mutex _mutex;
    std::deque<std::int64_t> _reserved;
};
} // namespace akashi::ingest
