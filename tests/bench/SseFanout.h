#pragma once
#include "BenchOptions.h"
#include "SseFanoutResult.h"

namespace akashi::bench
{
/// `akashi-bench --mode=sse-fanout`: how many GET /v1/subscribe streams one server holds and how fast it
/// fans decisions out to them. One thread opens `subscribers` streams (SseSubscribers: epoll, batched
/// handshakes), then SsePublisher posts decisions at `rate` for the warm-up and the measured window while
/// the same thread reads every stream; each delivery's latency is its receive time minus the send time
/// of its decision's POST (one steady clock, one process). The server's VmRSS is read from /proc at idle,
/// with every stream open, and throughout (peak). Prints the result line on stdout.
class SseFanout
{
public:
    explicit SseFanout(const BenchOptions& options);

    SseFanoutResult run();

    /// Runs the measurement and prints its line; returns the exit status: 0, or 1 when no stream opened
    /// or no decision was published.
    static int measure(const BenchOptions& options);

private:
    /// Raises this process's RLIMIT_NOFILE soft limit to the hard one; throws std::runtime_error naming
    /// both when even that cannot hold the streams.
    void raiseDescriptorLimit() const;

    const BenchOptions& _options;
};
} // namespace akashi::bench
