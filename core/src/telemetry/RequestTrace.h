#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace akashi::telemetry
{
/// The trace context of one HTTP request: the caller's trace (from `traceparent`) or a new one, and the
/// span this server opens for the request. Lives on the request thread.
struct RequestTrace
{
    std::string traceId;      ///< 32 hex digits
    std::string spanId;       ///< ours, 16 hex digits
    std::string parentSpanId; ///< the caller's span; empty for a new trace
    bool sampled = true;      ///< the caller's sampled flag (a new trace is sampled)
    std::uint64_t startUnixNanos = 0;
    std::chrono::steady_clock::time_point start;

    /// The `traceparent` the response carries: this trace with our span as the parent.
    std::string traceparent() const;
};
} // namespace akashi::telemetry
