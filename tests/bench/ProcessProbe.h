#pragma once
#include <cstdint>
#include <optional>

namespace akashi::bench
{
/// Reads another process's memory and CPU time from /proc (Linux), for figures about the server
/// measured from the load generator.
class ProcessProbe
{
public:
    /// `pid` 0 probes nothing: every reading is nullopt.
    explicit ProcessProbe(int pid) : _pid(pid) {}

    /// VmRSS of /proc/<pid>/status in bytes; nullopt when the process is gone or unreadable.
    std::optional<std::uint64_t> residentBytes() const;

    /// User + system CPU seconds of the whole process (all threads) from /proc/<pid>/stat.
    std::optional<double> cpuSeconds() const;

    int pid() const noexcept { return _pid; }

    /// CPU seconds of the calling thread (getrusage RUSAGE_THREAD).
    static double threadCpuSeconds();

private:
    int _pid;
};
} // namespace akashi::bench
