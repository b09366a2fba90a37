#pragma once
#include "consistency/VisibilityToken.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace akashi::ingest
{
/// The rendezvous between one durable append request and the flusher: the request waits on it, the
/// flusher settles it once the batch holding the request's events has committed (with the batch's
/// visibility token) or when the buffer gives up on unwritten events at shutdown. Thread-safe: one
/// mutex guards the state; settling twice keeps the first outcome.
class FlushTicket
{
public:
    enum class State
    {
        pending,
        committed,
        abandoned
    };

    void commit(const consistency::VisibilityToken& token);
    void abandon();

    /// Waits up to `timeout` for the outcome; `pending` when it timed out. The token is set when committed.
    State wait(std::chrono::milliseconds timeout, consistency::VisibilityToken& token);

private:
    std::mutex _mutex;
    std::condition_variable _settled;
    State _state = State::pending;
    consistency::VisibilityToken _token;
};
} // namespace akashi::ingest
