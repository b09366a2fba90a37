#pragma once
#include "consistency/VisibilityToken.h"

#include <chrono>
#include <optional>
#include <string>

namespace akashi::storage
{
class PgConnection;
}

namespace akashi::telemetry
{
class Counter;
class Histogram;
} // namespace akashi::telemetry

namespace akashi::consistency
{
/// Makes a read wait until a write is visible to the very connection that will serve it: the
/// connection's WAL position (replay position on a standby, write position on the primary) must
/// have reached the token's LSN, and for buffered events their last row must exist. It polls, so it
/// holds behind PgBouncer and on replicas alike. Thread-safe (stateless besides the timeout).
///
/// Metrics (docs/telemetry.md): every wait with a token that succeeds records how long it took, from the
/// first check to the one that saw the write, in `akashi.consistency.write_to_visible_latency` (ms; about
/// one round trip when the write was already visible); every wait that gives up counts in
/// `akashi.consistency.visibility_timeouts`.
class VisibilityGate
{
public:
    explicit VisibilityGate(std::chrono::milliseconds timeout);

    /// Returns at once without a token. Otherwise waits up to the timeout and throws
    /// akashi::Exception(visibilityTimeout) → 504 `VISIBILITY_TIMEOUT`. Event rows are looked up in
    /// `orgId` only, so another org's token can never be satisfied.
    void await(storage::PgConnection& connection, const std::string& orgId,
               const std::optional<VisibilityToken>& token) const;

    std::chrono::milliseconds timeout() const noexcept { return _timeout; }

private:
    bool visible(storage::PgConnection& connection, const std::string& orgId, const VisibilityToken& token) const;

    std::chrono::milliseconds _timeout;
    telemetry::Histogram& _latency;
    telemetry::Counter& _timeouts;
};
} // namespace akashi::consistency
