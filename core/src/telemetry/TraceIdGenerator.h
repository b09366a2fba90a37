#pragma once
#include <string>

namespace akashi::telemetry
{
/// Random W3C trace and span ids as lowercase hex, never all zero (an all-zero id is invalid). Each
/// thread draws from its own generator, seeded once from std::random_device, so ids cost no lock and no
/// system call per request. The ids are unique, not secret: they are not for authentication.
class TraceIdGenerator
{
public:
    /// 32 hex digits (16 bytes).
    static std::string traceId();
    /// 16 hex digits (8 bytes).
    static std::string spanId();
};
} // namespace akashi::telemetry
