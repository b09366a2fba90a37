#include "ingest/SequenceAllocator.h"

#include "storage/Database.h"

#include <algorithm>

namespace akashi::ingest
{
SequenceAllocator::SequenceAllocator(storage::Database& database, std::size_t blockSize, std::size_t lowWater)
    : _database(database), _blockSize(std::max<std::size_t>(blockSize, 1)), _lowWater(lowWater)
{
}

std::vector<std::int64_t> SequenceAllocator::take(std::size_t count)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_reserved.size() < count)
        reserve(std::max(_blockSize, count - _reserved.size()));
    std::vector<std::int64_t> values(_reserved.begin(), _reserved.begin() + static_cast<std::ptrdiff_t>(count));
    _reserved.erase(_reserved.begin(), _reserved.begin() + static_cast<std::ptrdiff_t>(count));
    return values;
}

void SequenceAllocator::topUp()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_reserved.size() < _lowWater)
        reserve(_blockSize);
}

std::size_t SequenceAllocator::available() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _reserved.size();
}

void SequenceAllocator::reserve(std::size_t count)
{
    auto connection = _database.connection();
    auto result = connection->exec("SELECT nextval('event_sequence_num_seq') AS value FROM generate_series(1, $1)",
                                   storage::SqlParams().add(static_cast<std::int64_t>(count)));
    std::vector<std::int64_t> block;
    block.reserve(static_cast<std::size_t>(result.rows()));
    for (int row = 0; row < result.rows(); ++row)
        block.push_back(result.int64(row, "value"));
    // Values of one statement are already increasing; sorting makes it independent of evaluation order.
    std::sort(block.begin(), block.end());
    _reserved.insert(_reserved.end(), block.begin(), block.end());
}
} // namespace akashi::ingest
