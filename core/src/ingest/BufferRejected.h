#pragma once
#include "common/Exception.h"

namespace akashi::ingest
{
/// The event buffer refused a request before accepting any of its events (full, or draining for
/// shutdown): a 503 the client should simply retry, so the HTTP handler adds `Retry-After` before the
/// dispatcher writes the envelope. Nothing of the request was buffered.
class BufferRejected : public Exception
{
public:
    static constexpr const char* kFullMessage = "event buffer is full, retry shortly";
    static constexpr const char* kDrainingMessage = "trace: buffer is draining";

    BufferRejected(const std::string& message, int retryAfterSeconds);

    int retryAfterSeconds() const noexcept { return _retryAfterSeconds; }

    Poco::Exception* clone() const override;
    void rethrow() const override;

private:
    int _retryAfterSeconds;
};
} // namespace akashi::ingest
