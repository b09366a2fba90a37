#include "telemetry/TraceIdGenerator.h"

#include <cstdint>
#include <random>

namespace akashi::telemetry
{
namespace
{
std::uint64_t nonZeroRandom()
{
    thread_local std::mt19937_64 engine{[] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }()};
    for (;;)
        if (const std::uint64_t value = engine(); value != 0)
            return value;
}

void appendHex(std::string& out, std::uint64_t value)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4)
        out += kDigits[(value >> shift) & 0xf];
}
} // namespace

std::string TraceIdGenerator::traceId()
{
    std::string id;
    id.reserve(32);
    // Each half is non-zero, so the whole is too.
    appendHex(id, nonZeroRandom());
    appendHex(id, nonZeroRandom());
    return id;
}

std::string TraceIdGenerator::spanId()
{
    std::string id;
    id.reserve(16);
    appendHex(id, nonZeroRandom());
    return id;
}
} // namespace akashi::telemetry
