#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace akashi::telemetry
{
/// A W3C Trace Context `traceparent` header value (https://www.w3.org/TR/trace-context/#traceparent-header):
/// `<version>-<trace id>-<parent id>-<flags>`, e.g. `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`,
/// all lowercase hex. A header that does not parse starts a new trace; it is never an error for the request.
struct TraceParent
{
    std::string traceId;    ///< 32 lowercase hex digits, not all zero
    std::string parentId;   ///< 16 lowercase hex digits, not all zero: the caller's span
    std::uint8_t flags = 0; ///< bit 0: sampled

    static constexpr std::uint8_t kSampled = 0x01;

    bool sampled() const noexcept { return (flags & kSampled) != 0; }

    /// nullopt unless `header` is valid: version 00 is exactly 55 characters; a later version (not ff)
    /// is at least that long, with '-' after the flags when longer, and its first four fields are read
    /// as version 00's (the spec's forward compatibility). Surrounding spaces and tabs are ignored;
    /// uppercase hex is invalid, as are an all-zero trace or parent id.
    static std::optional<TraceParent> parse(std::string_view header);

    /// Version 00 with only the sampled flag kept (the spec: unknown flags are not propagated).
    std::string format() const;
};
} // namespace akashi::telemetry
