#include "ingest/FlushTicket.h"

namespace akashi::ingest
{
void FlushTicket::commit(const consistency::VisibilityToken& token)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_state != State::pending)
            return;
        _state = State::committed;
        _token = token;
    }
    _settled.notify_all();
}

void FlushTicket::abandon()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_state != State::pending)
            return;
        _state = State::abandoned;
    }
    _settled.notify_all();
}

FlushTicket::State FlushTicket::wait(std::chrono::milliseconds timeout, consistency::VisibilityToken& token)
{
    std::unique_lock<std::mutex> lock(_mutex);
    _settled.wait_for(lock, timeout, [this] { return _state != State::pending; });
    if (_state == State::committed)
        token = _token;
    return _state;
}
} // namespace akashi::ingest
