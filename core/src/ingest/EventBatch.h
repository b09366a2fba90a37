#pragma once
#include "ingest/FlushTicket.h"
#include "storage/EventRecord.h"

#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

namespace akashi::ingest
{
/// The events of one append request, numbered and ready to write. `ticket` is set when the request
/// waits for the commit (durable ack) and null for fire-and-forget.
struct Submission
{
    std::vector<storage::EventRecord> events;
    std::shared_ptr<FlushTicket> ticket;
};

/// What one flush writes in one transaction: whole submissions, never part of one.
struct EventBatch
{
    std::vector<Submission> submissions;
    std::size_t eventCount = 0;
    /// When the oldest submission was admitted (set by EventQueue::takeBatch), for akashi.consistency.ingest_lag.
    std::chrono::steady_clock::time_point firstAdmitted{};

    bool empty() const noexcept { return eventCount == 0; }
};
} // namespace akashi::ingest
