#pragma once
#include "LatencySamples.h"

#include <cstdint>
#include <string>

namespace akashi::bench
{
/// One client thread's counts over the measured window. Written only by its own thread and read by the
/// driver after the join, so it needs no lock.
struct ClientTally
{
    std::uint64_t operations = 0;
    std::uint64_t rows = 0;
    std::uint64_t errors = 0;
    std::string firstError;
    LatencySamples latency;

    void succeeded(std::uint64_t rowCount, std::int64_t micros)
    {
        ++operations;
        rows += rowCount;
        latency.add(micros);
    }

    void failed(const std::string& error)
    {
        ++errors;
        if (firstError.empty())
            firstError = error;
    }
};
} // namespace akashi::bench
