#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace akashi
{
/// Instants with microsecond precision (PostgreSQL's), converted between the forms Akashi meets:
/// PostgreSQL's text output of timestamptz and RFC 3339 on the wire.
class Timestamp
{
public:
    using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

    static TimePoint now();

    /// `2026-12-01 16:27:50.123456+00` (any offset, optional fraction, `+05:30` style too). Throws
    /// akashi::Exception(internal) for anything else: it only ever reads our own columns.
    static TimePoint fromPostgres(std::string_view text);

    /// RFC 3339 from a client (`2026-12-01T16:27:50Z`, `...50.5+02:00`); nullopt when malformed.
    static std::optional<TimePoint> parseRfc3339(std::string_view text);

    /// `2026-12-01T16:27:50.123456Z`, trailing fractional zeros dropped (as Go's RFC3339Nano), UTC.
    static std::string toRfc3339(TimePoint instant);

    /// The text form PostgreSQL parses back exactly (RFC 3339 with microseconds), for SQL parameters.
    static std::string toSqlParameter(TimePoint instant);

    /// `toRfc3339(fromPostgres(text))`, the common case of encoding a column.
    static std::string postgresToRfc3339(std::string_view text) { return toRfc3339(fromPostgres(text)); }
};
} // namespace akashi
