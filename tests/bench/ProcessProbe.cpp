#include "ProcessProbe.h"

#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace akashi::bench
{
std::optional<std::uint64_t> ProcessProbe::residentBytes() const
{
    if (_pid <= 0)
        return std::nullopt;
    std::ifstream status("/proc/" + std::to_string(_pid) + "/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.rfind("VmRSS:", 0) != 0)
            continue;
        std::istringstream fields(line.substr(6));
        std::uint64_t kib = 0;
        std::string unit;
        if (fields >> kib >> unit && unit == "kB")
            return kib * 1024;
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<double> ProcessProbe::cpuSeconds() const
{
    if (_pid <= 0)
        return std::nullopt;
    std::ifstream file("/proc/" + std::to_string(_pid) + "/stat");
    std::string stat;
    if (!std::getline(file, stat))
        return std::nullopt;
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream fields(stat.substr(close + 1));
    std::string field;
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    // After ')': state (field 3), ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt,
    // cmajflt, then utime (14) and stime (15).
    for (int index = 3; index <= 13; ++index)
        if (!(fields >> field))
            return std::nullopt;
    if (!(fields >> utime >> stime))
        return std::nullopt;
    const long ticks = ::sysconf(_SC_CLK_TCK);
    return static_cast<double>(utime + stime) / static_cast<double>(ticks > 0 ? ticks : 100);
}

double ProcessProbe::threadCpuSeconds()
{
    rusage usage{};
    if (::getrusage(RUSAGE_THREAD, &usage) != 0)
        return 0;
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}
} // namespace akashi::bench
