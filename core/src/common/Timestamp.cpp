#include "common/Timestamp.h"

#include "common/Exception.h"

#include <cstdio>

namespace akashi
{
namespace
{
using std::chrono::days;
using std::chrono::microseconds;

/// Reads exactly `count` digits at `pos`; false when they are not all digits.
bool digits(std::string_view text, std::size_t& pos, std::size_t count, int& out)
{
    if (pos + count > text.size())
        return false;
    out = 0;
    for (std::size_t i = 0; i < count; ++i)
    {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return false;
        out = out * 10 + (c - '0');
    }
    pos += count;
    return true;
}

/// The shared grammar: date, one separator from `separators`, time, optional fraction, then a zone
/// (`Z` when `allowZ`, or ±HH[[:]MM]). PostgreSQL writes "+00"; RFC 3339 requires "+00:00" or "Z".
std::optional<Timestamp::TimePoint> parse(std::string_view text, std::string_view separators, bool allowZ,
                                          bool requireZoneMinutes)
{
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' || !digits(text, pos, 2, month) ||
        pos >= text.size() || text[pos++] != '-' || !digits(text, pos, 2, day))
        return std::nullopt;
    if (pos >= text.size() || separators.find(text[pos++]) == std::string_view::npos)
        return std::nullopt;
    if (!digits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' || !digits(text, pos, 2, minute) ||
        pos >= text.size() || text[pos++] != ':' || !digits(text, pos, 2, second))
        return std::nullopt;
    std::int64_t micros = 0;
    if (pos < text.size() && text[pos] == '.')
    {
        ++pos;
        int scale = 100000;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
        {
            if (scale > 0) // beyond microseconds: truncated, as PostgreSQL rounds to µs anyway
                micros += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start)
            return std::nullopt;
    }
    std::int64_t offsetSeconds = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z') && allowZ)
        ++pos;
    else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
    {
        const int sign = text[pos++] == '-' ? -1 : 1;
        int offsetHours = 0, offsetMinutes = 0;
        if (!digits(text, pos, 2, offsetHours))
            return std::nullopt;
        if (pos < text.size() && text[pos] == ':')
        {
            ++pos;
            if (!digits(text, pos, 2, offsetMinutes))
                return std::nullopt;
        }
        else if (requireZoneMinutes)
            return std::nullopt;
        offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
    }
    else
        return std::nullopt;
    if (pos != text.size())
        return std::nullopt;

    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const auto sinceEpoch = std::chrono::sys_days(date).time_since_epoch();
    const auto total = std::chrono::duration_cast<microseconds>(sinceEpoch) +
                       microseconds((hour * 3600LL + minute * 60LL + second - offsetSeconds) * 1000000LL + micros);
    return Timestamp::TimePoint(total);
}
} // namespace

Timestamp::TimePoint Timestamp::now()
{
    return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now());
}

Timestamp::TimePoint Timestamp::fromPostgres(std::string_view text)
{
    auto parsed = parse(text, " T", false, false);
    if (!parsed)
        throw Exception(ErrorCode::internal, "unexpected timestamp from PostgreSQL: " + std::string(text));
    return *parsed;
}

std::optional<Timestamp::TimePoint> Timestamp::parseRfc3339(std::string_view text)
{
    return parse(text, "Tt", true, true);
}

std::string Timestamp::toRfc3339(TimePoint instant)
{
    const auto dayPoint = std::chrono::floor<days>(instant);
    const std::chrono::year_month_day date(dayPoint);
    const std::chrono::hh_mm_ss time(instant - dayPoint);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    std::string result(buffer);
    auto fraction = time.subseconds().count();
    if (fraction > 0)
    {
        char frac[24];
        std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(fraction));
        std::string text(frac);
        while (text.back() == '0')
            text.pop_back();
        result += text;
    }
    return result + "Z";
}

std::string Timestamp::toSqlParameter(TimePoint instant)
{
    return toRfc3339(instant);
}
} // namespace akashi
