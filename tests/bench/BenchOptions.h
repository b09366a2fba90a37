#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace akashi::bench
{
/// What to measure and against what, from `--key=value` arguments. Every target must be on this machine:
/// an HTTP host that resolves only to loopback addresses, a libpq target that is a unix socket directory
/// or a loopback host. Violations throw std::invalid_argument with the message shown to the user.
struct BenchOptions
{
    std::string mode;                 ///< copy | events | trace | query | vector-index | sse-fanout
    std::string host = "127.0.0.1";   ///< HTTP modes
    std::uint16_t port = 8080;        ///< HTTP modes
    std::string token;                ///< HTTP modes: a bearer token (without "Bearer ")
    std::string agentId = "admin";    ///< the agent runs and decisions are recorded for
    std::string orgId = "00000000-0000-0000-0000-000000000000"; ///< copy mode: org_id of the rows
    std::string conninfo;             ///< copy mode: libpq connection string
    std::size_t clients = 1;          ///< concurrent connections, one thread each (sse-fanout: publishers)
    double durationSeconds = 10.0;    ///< measured time, after the warm-up
    double warmupSeconds = 1.0;       ///< load before measuring starts; its samples are discarded
    std::size_t batch = 0;            ///< events per request (events, default 100) / rows per transaction (copy, default 1000)
    std::size_t vectorCount = 100000; ///< vector-index: decisions embedded and indexed
    std::size_t dimensions = 1024;    ///< vector-index: embedding dimensions
    std::size_t queries = 1000;       ///< vector-index: measured queries
    std::string pluginsDir;           ///< vector-index: where embedding-local.so is (default: this build's plugins)
    std::string apiKey;               ///< sse-fanout: the agent's API key (`ApiKey <agent-id>:<key>`)
    std::size_t subscribers = 10000;  ///< sse-fanout: concurrent /v1/subscribe streams
    double rate = 20.0;               ///< sse-fanout: decisions published per second
    std::size_t connectBatch = 100;   ///< sse-fanout: subscribe handshakes in flight at once
    double drainSeconds = 60.0;       ///< sse-fanout: most time to wait for deliveries after the last publish
    int serverPid = 0;                ///< sse-fanout: server process for VmRSS and CPU (0 = not measured)

    /// Parses `argv[1..]`; throws std::invalid_argument naming the bad argument.
    static BenchOptions parse(const std::vector<std::string>& args);

    /// The usage text printed by --help and after an argument error.
    static std::string usage();
};
} // namespace akashi::bench
