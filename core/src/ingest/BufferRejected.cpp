#include "ingest/BufferRejected.h"

namespace akashi::ingest
{
BufferRejected::BufferRejected(const std::string& message, int retryAfterSeconds)
    : Exception(ErrorCode::serviceUnavailable, message), _retryAfterSeconds(retryAfterSeconds)
{
}

Poco::Exception* BufferRejected::clone() const
{
    return new BufferRejected(*this);
}

void BufferRejected::rethrow() const
{
    throw *this;
}
} // namespace akashi::ingest
